import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TASK_PROMPTS } from '../../src/modules/routing/default-task-prompts';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { registerUser } from '../support/users';

interface Prompt {
  id: string;
  topic: string;
  description: string;
  prompt: string;
  selectionRules: string[];
  enabled: boolean;
  settings: { model?: string | null; webSearch: boolean | null; files?: string[] };
  scope: 'system' | 'user';
  isDefault: boolean;
  overridesSystem?: boolean;
  updatedAt: string;
}

/** `/prompts` over HTTP: system defaults, personal prompts and overrides, admin powers, stable error codes. */
describe('task prompts API', () => {
  let env: TestEnvironment;
  let web: RunningWebApp;
  let admin: string;
  let alice: string;
  let bob: string;

  const register = async (email: string): Promise<string> => (await registerUser(web, email)).accessToken;
  const call = (token: string, method: string, path: string, json?: unknown): Promise<Response> =>
    web.request(`/api/v1${path}`, { method, token, json });
  const list = async (token: string): Promise<Prompt[]> => {
    const res = await call(token, 'GET', '/prompts');
    expect(res.status).toBe(200);
    return (await res.json()) as Prompt[];
  };
  const byTopic = async (token: string, topic: string): Promise<Prompt> => {
    const prompt = (await list(token)).find((p) => p.topic === topic);
    if (!prompt) throw new Error(`no prompt ${topic}`);
    return prompt;
  };
  const expectError = async (res: Response, status: number, code: string): Promise<void> => {
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { code, message: expect.any(String) } });
  };

  beforeAll(async () => {
    env = await TestEnvironment.create();
    web = await startWebApp(env.config());
    admin = await register('admin@example.com');
    alice = await register('alice@example.com');
    bob = await register('bob@example.com');
  });
  afterAll(async () => {
    await web?.close();
    await env?.dispose();
  });

  it('lists the seeded defaults to every user', async () => {
    const prompts = await list(alice);

    expect(prompts.map((p) => p.topic).sort()).toEqual(DEFAULT_TASK_PROMPTS.map((p) => p.topic).sort());
    for (const prompt of prompts) {
      expect(prompt).toMatchObject({ scope: 'system', isDefault: true, enabled: true });
      expect(prompt).not.toHaveProperty('overridesSystem');
      expect(prompt.settings).toHaveProperty('webSearch');
      expect(Date.parse(prompt.updatedAt)).not.toBeNaN();
    }
    expect(prompts.find((p) => p.topic === 'general')?.settings.webSearch).toBeNull();
    expect(prompts.find((p) => p.topic === 'translate')?.selectionRules).toContain('übersetz*');
  });

  it('creates personal prompts, keeping webSearch null (auto) through edits', async () => {
    const res = await call(alice, 'POST', '/prompts', {
      topic: 'recipes',
      description: 'Cooking and meal planning.',
      prompt: 'You are a patient chef.',
      selectionRules: ['recipe', 'what can I cook'],
      settings: { webSearch: null },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Prompt;
    expect(created).toMatchObject({ topic: 'recipes', scope: 'user', isDefault: false, overridesSystem: false, enabled: true, settings: { webSearch: null } });

    const renamed = await call(alice, 'PUT', `/prompts/${created.id}`, { description: 'Cooking.' });
    expect(((await renamed.json()) as Prompt).settings.webSearch).toBeNull();
    expect((await byTopic(alice, 'recipes')).settings.webSearch).toBeNull();
    const [row] = await env.query<{ settings: string | object }>('SELECT settings FROM task_prompts WHERE id = ?', [created.id]);
    const stored = typeof row?.settings === 'string' ? (JSON.parse(row.settings) as Prompt['settings']) : (row?.settings as Prompt['settings']);
    expect(stored.webSearch).toBeNull();

    await call(alice, 'PUT', `/prompts/${created.id}`, { settings: { webSearch: false } });
    expect((await byTopic(alice, 'recipes')).settings.webSearch).toBe(false);
    await call(alice, 'PUT', `/prompts/${created.id}`, { settings: { webSearch: null } });
    expect((await byTopic(alice, 'recipes')).settings.webSearch).toBeNull();

    // Bob does not see Alice's prompt.
    expect((await list(bob)).some((p) => p.topic === 'recipes')).toBe(false);
  });

  it('refuses invalid input with VALIDATION_FAILED and taken topics with PROMPT_TOPIC_TAKEN', async () => {
    await expectError(await call(alice, 'POST', '/prompts', { topic: 'Bad Topic', prompt: 'x' }), 400, 'VALIDATION_FAILED');
    await expectError(await call(alice, 'POST', '/prompts', { topic: 'x', prompt: 'x' }), 400, 'VALIDATION_FAILED');
    await expectError(await call(alice, 'POST', '/prompts', { topic: '-leading', prompt: 'x' }), 400, 'VALIDATION_FAILED');
    await expectError(await call(alice, 'POST', '/prompts', { topic: 'ok-topic' }), 400, 'VALIDATION_FAILED');
    await expectError(await call(alice, 'POST', '/prompts', { topic: 'ok-topic', prompt: 'x', settings: { webSearch: 'false' } }), 400, 'VALIDATION_FAILED');
    await expectError(await call(alice, 'POST', '/prompts', { topic: 'ok-topic', prompt: 'x', settings: { webSearch: 0 } }), 400, 'VALIDATION_FAILED');
    await expectError(await call(alice, 'POST', '/prompts', { topic: 'ok-topic', prompt: 'x', settings: { webSearch: true, extra: 1 } }), 400, 'VALIDATION_FAILED');
    await expectError(await call(alice, 'POST', '/prompts', { topic: 'ok-topic', prompt: 'x', selectionRules: ['fine', '   '] }), 400, 'VALIDATION_FAILED');
    await expectError(await call(alice, 'POST', '/prompts', { topic: 'ok-topic', prompt: 'x', enabled: null }), 400, 'VALIDATION_FAILED');
    await expectError(await call(alice, 'POST', '/prompts', { topic: 'ok-topic', prompt: 'x', owner: 'me' }), 400, 'VALIDATION_FAILED');
    await expectError(await call(alice, 'POST', '/prompts', { topic: 'recipes', prompt: 'again' }), 409, 'PROMPT_TOPIC_TAKEN');
    await expectError(await call(alice, 'PUT', '/prompts/not-a-uuid', { prompt: 'x' }), 400, 'VALIDATION_FAILED');
    expect((await list(alice)).some((p) => p.topic === 'ok-topic')).toBe(false);
  });

  it("turns a user's edit of a system prompt into a personal override, leaving everyone else's alone", async () => {
    const system = await byTopic(alice, 'translate');
    const res = await call(alice, 'PUT', `/prompts/${system.id}`, { selectionRules: ['dolmetsch*'], settings: { webSearch: null } });
    expect(res.status).toBe(200);
    const override = (await res.json()) as Prompt;
    expect(override).toMatchObject({ topic: 'translate', scope: 'user', overridesSystem: true, isDefault: false, selectionRules: ['dolmetsch*'], prompt: system.prompt });
    expect(override.id).not.toBe(system.id);

    expect(await byTopic(alice, 'translate')).toMatchObject({ id: override.id, scope: 'user' });
    expect(await byTopic(bob, 'translate')).toMatchObject({ id: system.id, scope: 'system', selectionRules: system.selectionRules });

    // A second edit through the system id updates the same override.
    const again = (await (await call(alice, 'PUT', `/prompts/${system.id}`, { enabled: false })).json()) as Prompt;
    expect(again).toMatchObject({ id: override.id, enabled: false, selectionRules: ['dolmetsch*'] });
    await expectError(await call(alice, 'PUT', `/prompts/${system.id}`, { topic: 'other' }), 400, 'VALIDATION_FAILED');

    // Deleting the override brings the system prompt back for Alice.
    expect((await call(alice, 'DELETE', `/prompts/${override.id}`)).status).toBe(204);
    expect(await byTopic(alice, 'translate')).toMatchObject({ id: system.id, scope: 'system' });
  });

  it("applies an admin's edit of a system prompt to everyone", async () => {
    const docsummary = await byTopic(admin, 'docsummary');
    const res = await call(admin, 'PUT', `/prompts/${docsummary.id}`, { description: 'Summaries of anything long.' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: docsummary.id, scope: 'system', description: 'Summaries of anything long.' });
    expect(await byTopic(bob, 'docsummary')).toMatchObject({ id: docsummary.id, description: 'Summaries of anything long.' });
  });

  it("answers 404 for other users' prompts, even to admins", async () => {
    const recipes = await byTopic(alice, 'recipes');
    for (const token of [bob, admin]) {
      await expectError(await call(token, 'PUT', `/prompts/${recipes.id}`, { prompt: 'mine now' }), 404, 'NOT_FOUND');
      await expectError(await call(token, 'DELETE', `/prompts/${recipes.id}`), 404, 'NOT_FOUND');
    }
    await expectError(await call(alice, 'DELETE', '/prompts/6f1c1b9e-2d7a-4c7e-9f3e-0a1b2c3d4e5f'), 404, 'NOT_FOUND');
    expect(await byTopic(alice, 'recipes')).toMatchObject({ prompt: 'You are a patient chef.' });
  });

  it('lets admins create and delete system prompts, but not delete defaults', async () => {
    await expectError(await call(alice, 'POST', '/prompts', { topic: 'legal', prompt: 'x', scope: 'system' }), 403, 'FORBIDDEN');
    const created = await call(admin, 'POST', '/prompts', { topic: 'legal', description: 'Legal questions.', prompt: 'Be careful.', scope: 'system' });
    expect(created.status).toBe(201);
    const legal = (await created.json()) as Prompt;
    expect(legal).toMatchObject({ scope: 'system', isDefault: false });
    expect(await byTopic(bob, 'legal')).toMatchObject({ id: legal.id });

    const general = await byTopic(admin, 'general');
    await expectError(await call(alice, 'DELETE', `/prompts/${general.id}`), 403, 'FORBIDDEN');
    await expectError(await call(admin, 'DELETE', `/prompts/${general.id}`), 409, 'CONFLICT');
    await expectError(await call(alice, 'DELETE', `/prompts/${legal.id}`), 403, 'FORBIDDEN');
    expect((await call(admin, 'DELETE', `/prompts/${legal.id}`)).status).toBe(204);
    expect((await list(bob)).some((p) => p.topic === 'legal')).toBe(false);
  });

  it('restores a seeded default for admins only', async () => {
    const mediamaker = await byTopic(admin, 'mediamaker');
    await call(admin, 'PUT', `/prompts/${mediamaker.id}`, { prompt: 'Broken.', selectionRules: [], enabled: false, settings: { webSearch: true } });
    await expectError(await call(alice, 'POST', `/prompts/${mediamaker.id}/restore-default`), 403, 'FORBIDDEN');

    const res = await call(admin, 'POST', `/prompts/${mediamaker.id}/restore-default`);
    expect(res.status).toBe(200);
    const shipped = DEFAULT_TASK_PROMPTS.find((p) => p.topic === 'mediamaker');
    expect(await res.json()).toMatchObject({
      id: mediamaker.id,
      prompt: shipped?.prompt,
      selectionRules: shipped?.selectionRules,
      enabled: true,
      settings: { webSearch: false },
    });

    const custom = (await (await call(admin, 'POST', '/prompts', { topic: 'faq', prompt: 'p', scope: 'system' })).json()) as Prompt;
    await expectError(await call(admin, 'POST', `/prompts/${custom.id}/restore-default`), 409, 'CONFLICT');
  });
});
