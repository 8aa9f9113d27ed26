import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TASK_PROMPTS } from '../src/modules/routing/default-task-prompts';
import { sortHeuristically } from '../src/modules/routing/heuristic-sorter';
import { findRuleMatch } from '../src/modules/routing/selection-rules';
import { planHeuristically } from '../src/modules/planner/heuristic-planner';
import type { Plan, PlanInput, PlanResult, TaskCapability } from '../src/modules/planner/plan';
import { validatePlan } from '../src/modules/planner/plan-validator';
import { fallbackPlan } from '../src/modules/planner/planner.service';
import { searchThenAnswer } from '../src/modules/tasks/search/search-plan';

/**
 * The pieces of the planner evaluation (`npm run eval:planner`, docs/routing-evaluation.md): the
 * case sets, what the offline installation does with a message, and how a plan is scored.
 */

export interface PlannerCase {
  id: string;
  language: string;
  message: string;
  files?: Array<{ name: string; mime: string }>;
  expect: {
    capabilities: TaskCapability[];
    /** [a, b]: some node of kind a is an ancestor of some node of kind b. */
    edges: Array<[TaskCapability, TaskCapability]>;
    forbidden: TaskCapability[];
    /** The format some document_generation node must be given (params.format). */
    documentFormat?: string;
  };
}

/** One set of cases. `details: false` (the held-out split) prints scores only, never a case or a failure. */
export interface CaseSet {
  name: string;
  file: string;
  cases: PlannerCase[];
  details: boolean;
}

/** Plans one case; `id` is the case's id (a recording is looked up by it). */
export type Planner = (input: PlanInput, id: string) => Promise<PlanResult>;

export const EVAL_DIR = join(__dirname, '..', 'test', 'eval');
const EVAL_USER_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The original cases (written beside the heuristics) and the corpus written without looking at
 * them: its train split may be tuned on; its held-out split is only ever scored.
 */
export function loadCaseSets(dir = EVAL_DIR): CaseSet[] {
  const sets: Array<Omit<CaseSet, 'cases'>> = [
    { name: 'original', file: join(dir, 'planner-cases.json'), details: true },
    { name: 'corpus train', file: join(dir, 'planner-corpus', 'train.json'), details: true },
    { name: 'corpus held-out', file: join(dir, 'planner-corpus', 'heldout.json'), details: false },
  ];
  return sets.flatMap((set) => {
    try {
      return [{ ...set, cases: (JSON.parse(readFileSync(set.file, 'utf8')) as { cases: PlannerCase[] }).cases }];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  });
}

export function toPlanInput(c: PlannerCase, topic = 'general'): PlanInput {
  return {
    text: c.message,
    language: c.language,
    topic,
    userId: EVAL_USER_ID,
    files: (c.files ?? []).map((f, i) => ({ id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, ...f })),
  };
}

const DEFAULT_PROMPTS = DEFAULT_TASK_PROMPTS.map((prompt) => ({ ...prompt, enabled: true }));
const DEFAULT_TOPICS = DEFAULT_PROMPTS.map(({ topic, description }) => ({ topic, description }));

/**
 * What the offline installation does with a message (routing on, the default task prompts, a
 * search provider configured): a selection rule or the heuristic sorter picks the topic; a
 * multi-step message is planned by the heuristic planner; any other is the fast path, one chat
 * answer, searching the web first when routing (or the topic) says the answer needs it.
 */
export function offlinePipeline(input: PlanInput): Promise<PlanResult> {
  const files = input.files.map(({ name, mime }) => ({ name, mime }));
  const verdict = sortHeuristically(input.text, DEFAULT_TOPICS, files);
  const topic = findRuleMatch(input.text, DEFAULT_PROMPTS)?.prompt.topic ?? verdict.topic;
  const webSearch = DEFAULT_PROMPTS.find((p) => p.topic === topic)?.settings.webSearch ?? verdict.webSearch;
  const plan = verdict.multiStep
    ? planHeuristically(input)
    : webSearch
      ? searchThenAnswer(input.language)
      : fallbackPlan(input.language);
  return Promise.resolve({ plan, source: 'planner' });
}

/** Every node id that `id` (transitively) depends on. */
function ancestors(plan: Plan, id: string, seen = new Set<string>()): Set<string> {
  for (const dependency of plan.tasks.find((t) => t.id === id)?.dependsOn ?? []) {
    if (seen.has(dependency)) continue;
    seen.add(dependency);
    ancestors(plan, dependency, seen);
  }
  return seen;
}

function formatOf(task: Plan['tasks'][number]): string {
  return typeof task.params.format === 'string' ? task.params.format : '(none)';
}

/** What is wrong with a plan for a case; empty when it passes. */
export function scorePlan(c: PlannerCase, result: PlanResult): string[] {
  if (result.source === 'fallback') return [`fell back to a single chat node: ${result.reason ?? 'no reason given'}`];
  const checked = validatePlan(result.plan);
  if (!checked.ok) return [`invalid plan: ${checked.errors.join('; ')}`];
  const plan = checked.plan;
  const present = new Set(plan.tasks.map((t) => t.capability));
  const problems: string[] = [];
  for (const capability of c.expect.capabilities) if (!present.has(capability)) problems.push(`missing ${capability}`);
  for (const capability of c.expect.forbidden) if (present.has(capability)) problems.push(`has forbidden ${capability}`);
  for (const [from, to] of c.expect.edges) {
    const linked = plan.tasks.some(
      (t) => t.capability === to && [...ancestors(plan, t.id)].some((a) => plan.tasks.find((x) => x.id === a)?.capability === from),
    );
    if (!linked) problems.push(`no ${from} → ${to} path`);
  }
  const format = c.expect.documentFormat;
  if (format !== undefined) {
    const given = plan.tasks.filter((t) => t.capability === 'document_generation').map((t) => formatOf(t));
    if (!given.includes(format)) problems.push(`document format ${given.join('/') || '(no document)'} instead of ${format}`);
  }
  return problems;
}

export function describePlan(plan: Plan): string {
  return plan.tasks
    .map((t) => {
      const format = t.capability === 'document_generation' ? `(${formatOf(t)})` : '';
      return `${t.id}:${t.capability}${format}${t.dependsOn.length ? `←[${t.dependsOn.join(',')}]` : ''}`;
    })
    .join(' ');
}

export interface SetScore {
  passed: number;
  total: number;
  byLanguage: Map<string, { passed: number; total: number }>;
  /** Case id, problems and plan shape of every failure (empty for a set without details). */
  failures: Array<{ id: string; message: string; problems: string[]; shape: string }>;
}

/** Runs a set of cases through a planner and scores each. Cases a planner has no answer for (null) are skipped. */
export async function scoreSet(set: CaseSet, planner: (input: PlanInput, id: string) => Promise<PlanResult | null>): Promise<SetScore> {
  const score: SetScore = { passed: 0, total: 0, byLanguage: new Map(), failures: [] };
  for (const c of set.cases) {
    let problems: string[];
    let shape = '';
    try {
      const result = await planner(toPlanInput(c), c.id);
      if (result === null) continue;
      problems = scorePlan(c, result);
      shape = describePlan(result.plan);
    } catch (error) {
      problems = [`threw: ${error instanceof Error ? error.message : String(error)}`];
    }
    const language = score.byLanguage.get(c.language) ?? { passed: 0, total: 0 };
    score.byLanguage.set(c.language, language);
    score.total++;
    language.total++;
    if (problems.length === 0) {
      score.passed++;
      language.passed++;
    } else if (set.details) {
      score.failures.push({ id: c.id, message: c.message, problems, shape });
    }
  }
  return score;
}

function percent(passed: number, total: number): string {
  return total === 0 ? '–' : `${((100 * passed) / total).toFixed(1)}%`;
}

/** The lines a score prints as: failures (when the set shows them), then the pass rate overall and per language. */
export function formatScore(set: CaseSet, score: SetScore): string[] {
  const lines = score.failures.map((f) => `  ✗ ${f.id}: ${f.problems.join('; ')}\n      "${f.message.slice(0, 140)}"\n      plan: ${f.shape || '(none)'}`);
  const languages = [...score.byLanguage]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([language, s]) => `${language} ${s.passed}/${s.total} (${percent(s.passed, s.total)})`)
    .join(', ');
  lines.push(`  ${set.name}: ${score.passed}/${score.total} passed (${percent(score.passed, score.total)}) — ${languages}`);
  return lines;
}
