import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLANNER_PROMPT } from '../../src/modules/planner/planner-prompt';
import { RoutingService } from '../../src/modules/routing/routing.service';
import { DEFAULT_SORTER_PROMPT } from '../../src/modules/routing/sorter-prompt';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { registerUser } from '../support/users';
import { waitFor } from '../support/wait-for';

interface Settings {
  routingEnabled: boolean;
  plannerModel: string | null;
  sorterModel: string | null;
  plannerPrompt: string;
  sorterPrompt: string;
  maxParallel: number;
  nodeTimeoutS: number;
}

interface Trial {
  classification: { topic: string; language: string; source: string; webSearch: boolean; multiStep: boolean; media?: string };
  plan: { version: number; replyNode: string; tasks: Array<{ id: string; capability: string; dependsOn: string[] }> } | null;
  planSource: string | null;
  note: string | null;
}

/** `/settings/routing` is admin-only; changes to settings and prompts reach classification on every node. */
describe('routing settings', () => {
  let env: TestEnvironment;
  let web: RunningWebApp;
  let second: RunningWebApp;
  let admin: string;
  let user: string;
  let userId: string;

  const call = (node: RunningWebApp, token: string, method: string, path: string, json?: unknown): Promise<Response> =>
    node.request(`/api/v1${path}`, { method, token, json });
  const expectError = async (res: Response, status: number, code: string): Promise<void> => {
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { code, message: expect.any(String) } });
  };
  const trial = async (message: string): Promise<Trial> => {
    const res = await call(web, admin, 'POST', '/settings/routing/try', { message });
    expect(res.status).toBe(200);
    return (await res.json()) as Trial;
  };

  beforeAll(async () => {
    env = await TestEnvironment.create();
    [web, second] = await Promise.all([startWebApp(env.config()), startWebApp(env.config())]);
    admin = (await registerUser(web, 'admin@example.com')).accessToken;
    const member = await registerUser(web, 'member@example.com');
    user = member.accessToken;
    userId = member.user.id;
  });
  afterAll(async () => {
    await Promise.allSettled([web?.close(), second?.close()]);
    await env?.dispose();
  });

  it('is for admins only', async () => {
    await expectError(await call(web, user, 'GET', '/settings/routing'), 403, 'FORBIDDEN');
    await expectError(await call(web, user, 'PUT', '/settings/routing', { maxParallel: 2 }), 403, 'FORBIDDEN');
    await expectError(await call(web, user, 'POST', '/settings/routing/try', { message: 'hi' }), 403, 'FORBIDDEN');
    await expectError(await web.request('/api/v1/settings/routing'), 401, 'UNAUTHENTICATED');
  });

  it('starts from the defaults', async () => {
    const res = await call(web, admin, 'GET', '/settings/routing');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      routingEnabled: true,
      plannerModel: null,
      sorterModel: null,
      plannerPrompt: DEFAULT_PLANNER_PROMPT,
      sorterPrompt: DEFAULT_SORTER_PROMPT,
      maxParallel: 3,
      nodeTimeoutS: 120,
    });
  });

  it('takes partial changes, validates ranges, and restores default prompts with null', async () => {
    const res = await call(web, admin, 'PUT', '/settings/routing', { maxParallel: 5, sorterPrompt: 'Sort tersely.\n{{topics}}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ maxParallel: 5, nodeTimeoutS: 120, sorterPrompt: 'Sort tersely.\n{{topics}}', routingEnabled: true });

    for (const body of [{ maxParallel: 0 }, { maxParallel: 9 }, { maxParallel: 2.5 }, { nodeTimeoutS: 4 }, { nodeTimeoutS: 601 }, { routingEnabled: null }, { routingEnabled: 'no' }, { plannerModel: '' }, { unknown: true }]) {
      await expectError(await call(web, admin, 'PUT', '/settings/routing', body), 400, 'VALIDATION_FAILED');
    }

    const restored = (await (await call(web, admin, 'PUT', '/settings/routing', { sorterPrompt: null, nodeTimeoutS: 600 })).json()) as Settings;
    expect(restored).toMatchObject({ sorterPrompt: DEFAULT_SORTER_PROMPT, maxParallel: 5, nodeTimeoutS: 600 });
  });

  it('shows a change made on one node on the other within seconds', async () => {
    await call(web, admin, 'PUT', '/settings/routing', { maxParallel: 7 });
    await waitFor(async () => ((await (await call(second, admin, 'GET', '/settings/routing')).json()) as Settings).maxParallel === 7, {
      timeoutMs: 6_000,
      intervalMs: 250,
      what: 'the second node to see maxParallel 7',
    });
  });

  it('picks up a selection rule added through PUT /prompts on the next classification', async () => {
    const message = 'Tell me everything about the quokka of Rottnest Island';
    expect((await trial(message)).classification).toMatchObject({ topic: 'general', source: 'sorter' });

    const prompts = (await (await call(web, admin, 'GET', '/prompts')).json()) as Array<{ id: string; topic: string; selectionRules: string[] }>;
    const docsummary = prompts.find((p) => p.topic === 'docsummary');
    if (!docsummary) throw new Error('docsummary missing');
    const res = await call(web, admin, 'PUT', `/prompts/${docsummary.id}`, { selectionRules: [...docsummary.selectionRules, 'quokka'] });
    expect(res.status).toBe(200);

    expect((await trial(message)).classification).toMatchObject({ topic: 'docsummary', source: 'rule' });
    // The same through the service the pipeline calls, for a plain user, on the other node.
    const classification = await second.app.get(RoutingService).classify({ text: message, userId });
    expect(classification).toMatchObject({ topic: 'docsummary', source: 'rule', language: 'en' });
  });

  it('shows the plan for a multi-step message, none on the fast path or while routing is off', async () => {
    const multi = 'Write a poem about the sea and then translate it into French';
    const planned = await trial(multi);
    expect(planned.classification).toMatchObject({ topic: 'translate', source: 'rule', multiStep: true });
    expect(planned.planSource).toBe('planner');
    expect(planned.plan?.tasks.map((t) => t.capability)).toEqual(['chat', 'translate', 'compose_reply']);

    expect(await trial('What is the capital of Peru?')).toMatchObject({ plan: null, planSource: null, classification: { multiStep: false } });

    await call(web, admin, 'PUT', '/settings/routing', { routingEnabled: false });
    const off = await trial(multi);
    expect(off).toMatchObject({ plan: null, planSource: null, note: expect.stringContaining('switched off') });
    await call(web, admin, 'PUT', '/settings/routing', { routingEnabled: true });
  });

  it('validates the try request', async () => {
    await expectError(await call(web, admin, 'POST', '/settings/routing/try', {}), 400, 'VALIDATION_FAILED');
    await expectError(await call(web, admin, 'POST', '/settings/routing/try', { message: 'x', promptTopic: 'Not A Topic' }), 400, 'VALIDATION_FAILED');
    expect((await call(web, admin, 'POST', '/settings/routing/try', { message: 'Translate hello', promptTopic: 'mediamaker' })).status).toBe(200);
  });
});
