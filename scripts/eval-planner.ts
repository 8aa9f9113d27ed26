import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planHeuristically } from '../src/modules/planner/heuristic-planner';
import type { Plan, PlanInput, PlanResult, TaskCapability } from '../src/modules/planner/plan';
import { validatePlan } from '../src/modules/planner/plan-validator';

/**
 * The planner evaluation (`npm run eval:planner`): runs every case of test/eval/planner-cases.json
 * through the offline heuristic planner and, when an AI provider is configured in the environment,
 * through the configured PLAN model too, then prints each failure and a pass rate per planner.
 * An evaluation, not a test: it always exits 0 unless it cannot run at all.
 */

interface PlannerCase {
  id: string;
  language: string;
  message: string;
  files?: Array<{ name: string; mime: string }>;
  expect: {
    capabilities: TaskCapability[];
    /** [a, b]: some node of kind a is an ancestor of some node of kind b. */
    edges: Array<[TaskCapability, TaskCapability]>;
    forbidden: TaskCapability[];
  };
}

interface Outcome {
  id: string;
  problems: string[];
}

type Planner = (input: PlanInput) => Promise<PlanResult>;

const CASES_FILE = join(__dirname, '..', 'test', 'eval', 'planner-cases.json');
const EVAL_USER_ID = '00000000-0000-4000-8000-000000000000';

function loadCases(): PlannerCase[] {
  return (JSON.parse(readFileSync(CASES_FILE, 'utf8')) as { cases: PlannerCase[] }).cases;
}

function toInput(c: PlannerCase): PlanInput {
  return {
    text: c.message,
    language: c.language,
    topic: 'general',
    userId: EVAL_USER_ID,
    files: (c.files ?? []).map((f, i) => ({ id: `00000000-0000-4000-8000-00000000000${i + 1}`, ...f })),
  };
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
  return problems;
}

function describePlan(plan: Plan): string {
  return plan.tasks.map((t) => `${t.id}:${t.capability}${t.dependsOn.length ? `←[${t.dependsOn.join(',')}]` : ''}`).join(' ');
}

async function evaluate(name: string, planner: Planner, cases: readonly PlannerCase[]): Promise<void> {
  console.log(`\n== ${name} ==`);
  const outcomes: Outcome[] = [];
  for (const c of cases) {
    let problems: string[];
    let shape = '';
    try {
      const result = await planner(toInput(c));
      problems = scorePlan(c, result);
      shape = describePlan(result.plan);
    } catch (error) {
      problems = [`threw: ${error instanceof Error ? error.message : String(error)}`];
    }
    outcomes.push({ id: c.id, problems });
    if (problems.length > 0) console.log(`  ✗ ${c.id}: ${problems.join('; ')}\n      plan: ${shape || '(none)'}`);
  }
  const passed = outcomes.filter((o) => o.problems.length === 0).length;
  const byLanguage = new Map<string, { passed: number; total: number }>();
  cases.forEach((c, i) => {
    const entry = byLanguage.get(c.language) ?? { passed: 0, total: 0 };
    entry.total++;
    if (outcomes[i]?.problems.length === 0) entry.passed++;
    byLanguage.set(c.language, entry);
  });
  const languages = [...byLanguage].map(([language, s]) => `${language} ${s.passed}/${s.total}`).join(', ');
  console.log(`  ${name}: ${passed}/${cases.length} passed (${((100 * passed) / cases.length).toFixed(1)}%) — ${languages}`);
}

/** Plans with the configured PLAN model through the real application (needs the database). */
async function evaluateConfiguredModel(cases: readonly PlannerCase[]): Promise<void> {
  const { loadConfig, readProcessEnvironment } = await import('../src/config/app-config');
  const config = loadConfig(readProcessEnvironment());
  const { ollamaUrl, openaiApiKey, openaiBaseUrl, anthropicApiKey } = config.providers;
  if (!ollamaUrl && !openaiApiKey && !openaiBaseUrl && !anthropicApiKey) {
    console.log('\n(no AI provider configured — set OPENAI_API_KEY, OPENAI_BASE_URL, OLLAMA_URL or ANTHROPIC_API_KEY to evaluate a model too)');
    return;
  }
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module');
  const { AiService } = await import('../src/modules/ai/ai.service');
  const { ModelCapability } = await import('../src/modules/ai/ai.types');
  const { PlannerService } = await import('../src/modules/planner/planner.service');
  // The web role's module graph without an HTTP server: no queue consumers start.
  let app: INestApplicationContext | undefined;
  try {
    app = await NestFactory.createApplicationContext(AppModule.forRole({ ...config, role: 'web' }), { logger: ['error'] });
    const model = await app.get(AiService).resolve(ModelCapability.Plan, { userId: EVAL_USER_ID });
    if (model.offline) {
      console.log('\n(the PLAN binding resolves to the offline provider; bind a model to PLAN to evaluate it)');
      return;
    }
    const planner = app.get(PlannerService);
    await evaluate(`model planner (${model.id})`, (input) => planner.plan(input), cases);
  } catch (error) {
    console.log(`\n(could not evaluate the configured model: ${error instanceof Error ? error.message : String(error)})`);
  } finally {
    await app?.close();
  }
}

async function main(): Promise<void> {
  const cases = loadCases();
  console.log(`planner evaluation: ${cases.length} cases from ${CASES_FILE}`);
  await evaluate('offline heuristic planner', (input) => Promise.resolve({ plan: planHeuristically(input), source: 'planner' }), cases);
  await evaluateConfiguredModel(cases);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
