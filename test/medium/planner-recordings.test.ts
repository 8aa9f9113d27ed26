import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannerMessages } from '../../src/modules/planner/planner-prompt';
import { scoreSet, toPlanInput, type CaseSet } from '../../scripts/planner-eval';
import { askModel, connectPlanModel, loadRecording, promptHash, recordingPath, replayPlanner, saveRecording, type PlanModel } from '../../scripts/planner-recordings';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { TestEnvironment } from '../support/test-environment';

/**
 * The planner evaluation's recorded-response harness, end to end, with the fake OpenAI server
 * standing in for a model. A test of the harness (ask, save, replay without network), not a
 * model's score: nothing recorded here is kept.
 */
describe('planner eval: recording and replaying a model planner', () => {
  let env: TestEnvironment;
  let openai: FakeOpenAiServer;
  let model: PlanModel;
  const dir = mkdtempSync(join(tmpdir(), 'planner-recordings-'));

  const set: CaseSet = {
    name: 'harness',
    file: 'harness.json',
    details: true,
    cases: [
      {
        id: 'picture',
        language: 'en',
        message: 'Draw a lighthouse at night',
        expect: { capabilities: ['image_generation'], edges: [], forbidden: ['web_search'] },
      },
      {
        id: 'garbled',
        language: 'de',
        message: 'Fasse den Anhang zusammen',
        files: [{ name: 'a.pdf', mime: 'application/pdf' }],
        expect: { capabilities: ['extract_text', 'summarize'], edges: [['extract_text', 'summarize']], forbidden: [] },
      },
    ],
  };
  const picturePlan = {
    version: 1,
    language: 'en',
    replyNode: 'n2',
    tasks: [
      { id: 'n1', capability: 'image_generation', dependsOn: [], inputs: { prompt: '$message.text' }, params: {} },
      { id: 'n2', capability: 'compose_reply', dependsOn: ['n1'], inputs: { request: '$message.text', n1: '$n1.file' }, params: {} },
    ],
  };

  beforeAll(async () => {
    [env, openai] = await Promise.all([TestEnvironment.create(), FakeOpenAiServer.start()]);
    const connected = await connectPlanModel(env.config({ OPENAI_API_KEY: 'sk-fake', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat' }));
    if (typeof connected === 'string') throw new Error(connected);
    model = connected;
  });
  afterAll(async () => {
    await model?.close();
    await openai?.close();
    await env?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks the bound PLAN model what the planner service asks, saves the raw answers, and scores them again without the model', async () => {
    expect(model.id).toBe('openai:fake-chat');
    openai.script({ text: `Here is the plan: ${JSON.stringify(picturePlan)}` }, { text: 'I cannot plan that.' });

    const recording = await askModel(model, [set]);
    const path = recordingPath(recording.model, dir);
    saveRecording(recording, path);

    // Exactly the planner service's messages went out, and each answer is keyed by case and their hash.
    const sent = openai.requestsTo('/v1/chat/completions').map((r) => r.body.messages);
    const expected = set.cases.map((c) => plannerMessages(model.promptTemplate, toPlanInput(c)));
    expect(sent).toEqual(expected);
    expect(path).toBe(join(dir, 'openai_fake-chat.json'));
    const saved = loadRecording(path);
    expect(saved.systemPrompt).toBe(expected[0]?.[0]?.content);
    expect(saved.responses).toEqual({
      picture: { promptHash: promptHash(expected[0] ?? []), response: `Here is the plan: ${JSON.stringify(picturePlan)}` },
      garbled: { promptHash: promptHash(expected[1] ?? []), response: 'I cannot plan that.' },
    });

    // Replay needs no model: the server is not asked again.
    const before = openai.requestsTo('/v1/chat/completions').length;
    const replay = replayPlanner(saved);
    const score = await scoreSet(set, replay.planner);
    expect(openai.requestsTo('/v1/chat/completions')).toHaveLength(before);
    expect(score).toMatchObject({ passed: 1, total: 2 });
    expect(score.failures).toEqual([expect.objectContaining({ id: 'garbled', problems: [expect.stringContaining('fell back to a single chat node')] })]);
    expect(replay.missing()).toBe(0);
  });

  it('scores no case whose message changed since it was recorded', async () => {
    openai.script({ text: JSON.stringify(picturePlan) }, { text: JSON.stringify(picturePlan) });
    const recording = await askModel(model, [set]);
    const changed: CaseSet = { ...set, cases: set.cases.map((c) => (c.id === 'picture' ? { ...c, message: 'Draw a windmill at dawn' } : c)) };

    const replay = replayPlanner(recording);
    const score = await scoreSet(changed, replay.planner);

    expect(score.total).toBe(1);
    expect(replay.missing()).toBe(1);
  });
});
