import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPattern, describeProblem } from './testing/redos-check';
import { findRegexSites, type LiteralPattern } from './testing/regex-sites';

/**
 * ReDoS audit. Every regular expression written in the server (src/) and the SPA (client/src/)
 * must match in at most linear time, whatever the text: a pattern that backtracks super-linearly
 * lets one crafted message block the event loop of a node for seconds or minutes. recheck judges
 * each pattern; a vulnerable one fails here with its place and an input that shows the problem.
 * Specs are left out: they only ever read their own fixtures.
 */

const ROOT = resolve(__dirname, '../../..');
const AUDITED_DIRECTORIES = ['src', 'client/src'];
const isAudited = (file: string): boolean => !file.endsWith('.spec.ts') && !file.endsWith('.test.ts');

/**
 * Super-linear patterns that may stay because they only ever read trusted, bounded input, each
 * with the reason. Keep it short: fixing a pattern is nearly always as easy as listing it here.
 */
const TRUSTED_INPUT_PATTERNS: ReadonlyArray<{ file: string; source: string; reason: string }> = [
  {
    file: 'src/config/env.schema.ts',
    source: '^\\s*[^\\s,]+(\\s*,\\s*[^\\s,]+)*\\s*,?\\s*$',
    reason: 'validates lists the operator sets in the environment, read once at boot',
  },
];

/**
 * Files that build RegExps at run time, which no static check can judge: each names what keeps
 * its patterns linear and the spec that shows it. A new builder fails the audit until it is listed.
 */
const PATTERN_BUILDERS: Readonly<Record<string, string>> = {
  'src/modules/routing/selection-rules.ts':
    'user-written rules become escaped literal phrases of bounded length; selection-rules.spec.ts has recheck judge hostile rules and runs them on the largest messages',
  'src/modules/routing/intent-detection.ts':
    'assembled from the fixed word lists of the file with gaps of at most 45 characters, run on the first 1,200 characters of a message; heuristic-sorter.spec.ts runs them on hostile messages of the largest size',
};

/** All patterns together take about 5 s on two cores with recheck's native binary. */
const AUDIT_TIMEOUT_MS = 60_000;

const sites = findRegexSites(ROOT, AUDITED_DIRECTORIES, isAudited);
const isListed = (trusted: (typeof TRUSTED_INPUT_PATTERNS)[number], pattern: LiteralPattern): boolean =>
  trusted.file === pattern.file && trusted.source === pattern.source;

describe('ReDoS audit', () => {
  it('reads the patterns of the server and of the SPA', () => {
    expect(sites.literals.some((pattern) => pattern.file.startsWith('src/'))).toBe(true);
    expect(sites.literals.some((pattern) => pattern.file.startsWith('client/src/'))).toBe(true);
  });

  it(
    'finds no pattern whose matching time grows faster than the text',
    async () => {
      // The same pattern written in several places is judged once.
      const placesOf = new Map<string, LiteralPattern[]>();
      for (const pattern of sites.literals.filter((candidate) => !TRUSTED_INPUT_PATTERNS.some((trusted) => isListed(trusted, candidate)))) {
        const written = `/${pattern.source}/${pattern.flags}`;
        placesOf.set(written, [...(placesOf.get(written) ?? []), pattern]);
      }
      const problems = await Promise.all(
        [...placesOf].map(async ([written, places]) => {
          const { source, flags } = places[0];
          const problem = describeProblem(await checkPattern(source, flags));
          return problem === null ? [] : places.map((place) => `${place.file}:${place.line} ${written}: ${problem}`);
        }),
      );
      expect(problems.flat().sort()).toEqual([]);
    },
    AUDIT_TIMEOUT_MS,
  );

  it('lists only trusted-input patterns that are still in the code', () => {
    const stale = TRUSTED_INPUT_PATTERNS.filter((trusted) => !sites.literals.some((pattern) => isListed(trusted, pattern)));
    expect(stale).toEqual([]);
  });

  it('knows every file that builds RegExps at run time, and no other', () => {
    expect([...new Set(sites.built.map((pattern) => pattern.file))].sort()).toEqual(Object.keys(PATTERN_BUILDERS).sort());
  });
});
