import { check, type Diagnostics, type Parameters } from 'recheck';

/** Long enough for any pattern we write (the slowest takes a few seconds), short enough to fail a hang. */
export const CHECK_TIMEOUT_MS = 30_000;

/**
 * recheck, set up so a verdict is the same on every run and every machine: a fixed fuzzing seed,
 * and limits counted in steps, not milliseconds. recheck's default time limits let a loaded
 * machine turn a slow but linear match into a "vulnerable" verdict.
 */
const PARAMETERS: Parameters = {
  randomSeed: 0,
  attackTimeout: null,
  incubationTimeout: null,
  seedingTimeout: null,
  timeout: CHECK_TIMEOUT_MS,
};

let backendSelected: Promise<void> | undefined;

/**
 * recheck's native binary when it runs on this machine (fast), otherwise recheck's own choice (a
 * JVM, then a worker thread). recheck reads the choice from RECHECK_BACKEND on every call; a value
 * set from outside is left alone.
 */
function selectBackend(): Promise<void> {
  backendSelected ??= (async () => {
    if (process.env.RECHECK_BACKEND) return;
    process.env.RECHECK_BACKEND = 'native';
    try {
      await check('a', '', PARAMETERS);
    } catch {
      process.env.RECHECK_BACKEND = 'auto';
    }
  })();
  return backendSelected;
}

/** How matching `source` with `flags` grows with the input: safe (at most linear), vulnerable, or unknown. */
export async function checkPattern(source: string, flags: string): Promise<Diagnostics> {
  await selectBackend();
  return check(source, flags, PARAMETERS);
}

/** One line for a failing test: what is wrong with the pattern, and an input that shows it. */
export function describeProblem(diagnostics: Diagnostics): string | null {
  switch (diagnostics.status) {
    case 'safe':
      return null;
    case 'vulnerable':
      return `${diagnostics.complexity.summary}, attack: ${diagnostics.attack.pattern}`;
    case 'unknown':
      return `recheck could not decide (${diagnostics.error.kind}): simplify the pattern`;
  }
}
