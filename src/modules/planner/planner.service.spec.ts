import { beforeEach, describe, expect, it } from 'vitest';
import { AiErrorCode, AiProviderError } from '../ai/ai-provider.error';
import type { AiService } from '../ai/ai.service';
import { ModelCapability, type ResolvedModel } from '../ai/ai.types';
import { ScriptedAi } from '../ai/testing/scripted-ai';
import { MetricsService } from '../metrics/metrics.service';
import type { RoutingSettings } from '../routing/classification';
import type { RoutingSettingsService } from '../routing/routing-settings.service';
import type { PlanInput } from './plan';
import { extractFirstJsonObject } from './plan-output';
import { DEFAULT_PLANNER_PROMPT } from './planner-prompt';
import { fallbackPlan, PlannerService } from './planner.service';

const REMOTE: ResolvedModel = { id: 'openai:gpt-4o', provider: 'openai', name: 'gpt-4o', label: 'GPT-4o', offline: false };
const OFFLINE: ResolvedModel = { id: 'offline:plan', provider: 'offline', name: 'offline', label: 'Offline', offline: true };


const INPUT: PlanInput = {
  text: 'Summarize the attached file and translate it to German',
  language: 'en',
  topic: 'docsummary',
  userId: 'user-1',
  files: [{ id: 'f1', name: 'report.pdf', mime: 'application/pdf' }],
};

const GOOD_PLAN = {
  version: 1,
  language: 'en',
  replyNode: 'n4',
  tasks: [
    { id: 'n1', capability: 'extract_text', dependsOn: [], inputs: { files: '$message.files' }, params: {} },
    { id: 'n2', capability: 'summarize', dependsOn: ['n1'], inputs: { text: '$n1.text' }, params: {} },
    { id: 'n3', capability: 'translate', dependsOn: ['n2'], inputs: { text: '$n2.text' }, params: { targetLanguage: 'de' } },
    { id: 'n4', capability: 'compose_reply', dependsOn: ['n3'], inputs: { n3: '$n3.text' }, params: {} },
  ],
};

describe('PlannerService.plan', () => {
  let ai: ScriptedAi;
  let settings: RoutingSettings;
  let planner: PlannerService;

  beforeEach(() => {
    ai = new ScriptedAi(REMOTE);
    settings = {
      routingEnabled: true,
      plannerModel: 'openai:gpt-4o',
      sorterModel: null,
      plannerPrompt: DEFAULT_PLANNER_PROMPT,
      sorterPrompt: 'sort',
      maxParallel: 3,
      nodeTimeoutS: 120,
    };
    const settingsService = { get: () => Promise.resolve({ ...settings }) } as unknown as RoutingSettingsService;
    planner = new PlannerService(ai as unknown as AiService, settingsService, new MetricsService());
  });

  it('asks the configured planner model with the rendered prompt and returns its valid plan', async () => {
    ai.answer = 'Here is the plan:\n```json\n' + JSON.stringify(GOOD_PLAN) + '\n```';

    const result = await planner.plan(INPUT);

    expect(result).toEqual({ plan: GOOD_PLAN, source: 'planner' });
    expect(ai.resolved).toEqual([{ capability: ModelCapability.Plan, modelId: 'openai:gpt-4o' }]);
    const [system, user] = ai.requests[0]?.messages ?? [];
    expect(ai.requests[0]?.json).toBe(true);
    expect(system?.content).toContain('- document_generation:');
    expect(system?.content).not.toContain('{{capabilities}}');
    expect(system?.content).toContain('At most 24 tasks');
    expect(user?.content).toContain('report.pdf (application/pdf)');
    expect(user?.content).toContain(INPUT.text);
  });

  it('uses the PLAN binding when no planner model is set', async () => {
    settings.plannerModel = null;
    ai.answer = JSON.stringify(GOOD_PLAN);
    await planner.plan(INPUT);
    expect(ai.resolved).toEqual([{ capability: ModelCapability.Plan, modelId: null }]);
  });

  it.each([
    ['prose without JSON', 'I would first extract the text, then summarize it.', 'did not answer with a JSON object'],
    ['a cycle', JSON.stringify({ ...GOOD_PLAN, tasks: GOOD_PLAN.tasks.map((t) => (t.id === 'n1' ? { ...t, dependsOn: ['n3'] } : t)) }), 'cycle'],
    ['an unknown capability', JSON.stringify({ ...GOOD_PLAN, tasks: [...GOOD_PLAN.tasks.slice(0, 3), { ...GOOD_PLAN.tasks[3], capability: 'email' }] }), 'unknown capability'],
    ['a missing reply node', JSON.stringify({ ...GOOD_PLAN, replyNode: 'n9' }), 'reply node'],
    ['a bad reference', JSON.stringify({ ...GOOD_PLAN, tasks: GOOD_PLAN.tasks.map((t) => (t.id === 'n4' ? { ...t, inputs: { x: '$n1.text' } } : t)) }), 'not in its dependsOn'],
  ])('falls back to one chat node on %s, with the reason', async (_, answer, reason) => {
    ai.answer = answer;
    const result = await planner.plan(INPUT);

    expect(result.source).toBe('fallback');
    expect(result.reason).toContain(reason);
    expect(result.plan).toEqual({
      version: 1,
      language: 'en',
      replyNode: 'n1',
      tasks: [{ id: 'n1', capability: 'chat', dependsOn: [], inputs: { text: '$message.text' }, params: {} }],
    });
  });

  it('falls back on provider errors and when no model can plan', async () => {
    ai.answer = new AiProviderError(AiErrorCode.Timeout, 'timed out', true);
    expect(await planner.plan(INPUT)).toMatchObject({ source: 'fallback', reason: expect.stringContaining('timed out') });

    ai.model = new AiProviderError(AiErrorCode.NoModel, 'nothing bound to PLAN');
    expect(await planner.plan(INPUT)).toMatchObject({ source: 'fallback', plan: fallbackPlan('en') });
  });

  it('rethrows a cancellation instead of falling back', async () => {
    ai.answer = new AiProviderError(AiErrorCode.Cancelled, 'stopped');
    await expect(planner.plan(INPUT)).rejects.toMatchObject({ code: AiErrorCode.Cancelled });
  });

  it('plans with the heuristics when the PLAN model is the offline provider', async () => {
    ai.model = OFFLINE;
    const result = await planner.plan(INPUT);

    expect(result.source).toBe('planner');
    expect(result.plan.tasks.map((t) => t.capability)).toEqual(['extract_text', 'summarize', 'translate', 'compose_reply']);
    expect(ai.requests).toHaveLength(0);
  });
});

describe('extractFirstJsonObject', () => {
  it('finds the first complete object in prose, fences and trailing text', () => {
    expect(extractFirstJsonObject('```json\n{"a":1}\n```')).toEqual({ a: 1 });
    expect(extractFirstJsonObject('Plan: {"a":{"b":"}"}} — done. {"c":2}')).toEqual({ a: { b: '}' } });
    expect(extractFirstJsonObject('use {braces} like {"a":"\\"{"}')).toEqual({ a: '"{' });
  });

  it('returns undefined when there is no complete object', () => {
    expect(extractFirstJsonObject('no json here')).toBeUndefined();
    expect(extractFirstJsonObject('{"a": 1')).toBeUndefined();
    expect(extractFirstJsonObject('[1, 2]')).toBeUndefined();
  });

  it('gives up on hostile output after a bounded number of candidates', () => {
    // Every `{` opens a candidate whose matching brace is at the far end and which never parses:
    // unbounded, this is a full scan and parse per candidate (quadratic in the answer's length).
    const hostile = `${'{'.repeat(50_000)}${'}'.repeat(50_000)}`;
    expect(extractFirstJsonObject(hostile)).toBeUndefined();
    expect(extractFirstJsonObject(`${'{prose} '.repeat(15)}{"a":1}`)).toEqual({ a: 1 });
    expect(extractFirstJsonObject(`${'{prose} '.repeat(16)}{"a":1}`)).toBeUndefined();
  });
});
