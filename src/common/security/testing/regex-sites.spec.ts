import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRegexSites } from './regex-sites';

describe('findRegexSites', () => {
  const root = mkdtempSync(join(tmpdir(), 'regex-sites-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  mkdirSync(join(root, 'src', 'nested'), { recursive: true });
  writeFileSync(
    join(root, 'src', 'patterns.ts'),
    [
      "export const slash = /a\\/b/gi; // a comment with /not a pattern/",
      "const text = 'a string with /not a pattern/ either';",
      "export const fromString = new RegExp('^x+$', 'm');",
      'export const fromTemplate = RegExp(`y*`);',
      "export const fromGlobal = new globalThis.RegExp('z');",
      "export const fromLiteral = new RegExp(/w/, 'g');",
      'export const built = (word: string) => new RegExp(`^${word}$`);',
      "export const builtFlags = (flags: string) => new RegExp('q', flags);",
      'void text;',
    ].join('\n'),
  );
  writeFileSync(join(root, 'src', 'nested', 'view.tsx'), 'export const View = () => <p>{/\\d+/.source}</p>;\n');
  writeFileSync(join(root, 'src', 'skipped.spec.ts'), 'export const skipped = /s/;\n');

  const sites = findRegexSites(root, ['src'], (file) => !file.endsWith('.spec.ts'));

  it('finds literals and RegExp calls with literal arguments, with their file, line and flags', () => {
    expect(sites.literals).toEqual(
      expect.arrayContaining([
        { file: 'src/patterns.ts', line: 1, source: 'a\\/b', flags: 'gi' },
        { file: 'src/patterns.ts', line: 3, source: '^x+$', flags: 'm' },
        { file: 'src/patterns.ts', line: 4, source: 'y*', flags: '' },
        { file: 'src/patterns.ts', line: 5, source: 'z', flags: '' },
        { file: 'src/patterns.ts', line: 6, source: 'w', flags: '' },
        { file: 'src/nested/view.tsx', line: 1, source: '\\d+', flags: '' },
      ]),
    );
    expect(sites.literals).toHaveLength(6);
  });

  it('reports RegExps built from computed values as such', () => {
    expect(sites.built.map(({ file, line }) => `${file}:${line}`)).toEqual(['src/patterns.ts:7', 'src/patterns.ts:8']);
  });
});
