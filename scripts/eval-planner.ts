import 'reflect-metadata';
import { relative, resolve } from 'node:path';
import { formatScore, loadCaseSets, offlinePipeline, scoreSet, type CaseSet } from './planner-eval';
import { askModel, connectPlanModel, listRecordings, loadRecording, recordingPath, replayPlanner, saveRecording, type PlannerRecording } from './planner-recordings';

/**
 * The planner evaluation (`npm run eval:planner`, docs/planner-evaluation.md). Scores what the
 * offline installation does with each message (routing, then the heuristic planner or the fast
 * path) on the original cases, the corpus' train split (with every failure) and its held-out split
 * (pass counts only); then the configured PLAN model, if any, on the same cases; then every model
 * run recorded in test/eval/recordings/, replayed without network.
 *
 *   npm run eval:planner                      offline, the configured model (live), every recording
 *   npm run eval:planner -- --record          the same, and the configured model's answers are saved
 *   npm run eval:planner -- --replay <file>   offline and that recording only (no model is called)
 *
 * An evaluation, not a test: it exits 0 unless it cannot run at all.
 */

async function report(title: string, sets: readonly CaseSet[], planner: Parameters<typeof scoreSet>[1]): Promise<void> {
  console.log(`\n== ${title} ==`);
  for (const set of sets) {
    for (const line of formatScore(set, await scoreSet(set, planner))) console.log(line);
  }
}

async function scoreRecording(recording: PlannerRecording, source: string, sets: readonly CaseSet[]): Promise<void> {
  const { planner, missing } = replayPlanner(recording);
  await report(`model planner ${recording.model}, ${source}`, sets, planner);
  if (missing() > 0) console.log(`  (${missing()} cases have no recorded answer to their current message and prompt: record again to score them)`);
}

/** The configured PLAN model's answers to every case, or null (with the reason printed) when there is none. */
async function askConfiguredModel(sets: readonly CaseSet[]): Promise<PlannerRecording | null> {
  const { loadConfig, readProcessEnvironment } = await import('../src/config/app-config');
  try {
    const model = await connectPlanModel(loadConfig(readProcessEnvironment()));
    if (typeof model === 'string') {
      console.log(`\n(no model evaluated live: ${model})`);
      return null;
    }
    try {
      return await askModel(model, sets, (line) => console.log(line));
    } finally {
      await model.close();
    }
  } catch (error) {
    console.log(`\n(could not evaluate the configured model: ${error instanceof Error ? error.message : String(error)})`);
    return null;
  }
}

function option(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sets = loadCaseSets();
  console.log(`planner evaluation: ${sets.map((s) => `${s.name} ${s.cases.length} cases`).join(', ')}`);
  await report('offline: routing, then the heuristic planner or the fast path', sets, offlinePipeline);

  const replayOnly = option(args, '--replay');
  if (replayOnly !== undefined) {
    await scoreRecording(loadRecording(replayOnly), `replayed from ${replayOnly}`, sets);
    return;
  }
  const live = await askConfiguredModel(sets);
  let saved: string | undefined;
  if (live) {
    await scoreRecording(live, 'live', sets);
    if (args.includes('--record')) {
      saved = recordingPath(live.model);
      saveRecording(live, saved);
      console.log(`recorded to ${relative(process.cwd(), saved)}`);
    }
  }
  for (const file of listRecordings().filter((f) => resolve(f) !== saved)) {
    const recording = loadRecording(file);
    await scoreRecording(recording, `replayed from ${relative(process.cwd(), file)} (recorded ${recording.recordedAt})`, sets);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
