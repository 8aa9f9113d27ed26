import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AiErrorCode } from '../../src/modules/ai/ai-provider.error';
import { AiService } from '../../src/modules/ai/ai.service';
import { ModelCapability } from '../../src/modules/ai/ai.types';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { registerUser } from '../support/users';
import { TestEnvironment } from '../support/test-environment';

/** With no provider configured, the offline provider answers, and says it is offline. */
describe('ai: nothing configured', () => {
  let env: TestEnvironment;
  let first: RunningWebApp;
  let second: RunningWebApp;
  let ai: AiService;
  let token: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    // Two nodes boot at once: the catalogue sync runs under a cluster lock and is idempotent.
    [first, second] = await Promise.all([startWebApp(env.config()), startWebApp(env.config())]);
    ai = first.app.get(AiService);
    token = (await registerUser(first, 'solo@example.com')).accessToken;
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await env?.dispose();
  });

  it('has exactly the offline model in the catalogue, once', async () => {
    const rows = await env.query<{ id: string; provider: string; enabled: number; capabilities: string | string[] }>('SELECT * FROM ai_models');
    expect(rows.map((r) => [r.id, r.provider, Number(r.enabled)])).toEqual([['offline:basic', 'offline', 1]]);
    const models = (await (await second.request('/api/v1/models', { token })).json()) as Array<{ id: string; offline: boolean; capabilities: string[] }>;
    expect(models).toEqual([
      {
        id: 'offline:basic',
        provider: 'offline',
        name: 'basic',
        label: 'Offline (no AI model)',
        capabilities: ['CHAT', 'SORT', 'PLAN', 'SUMMARIZE', 'MEM', 'VECTORIZE'],
        offline: true,
      },
    ]);
  });

  it('resolves text capabilities to the offline model and fails clearly for media', async () => {
    await expect(ai.resolve(ModelCapability.Chat)).resolves.toEqual({
      id: 'offline:basic',
      provider: 'offline',
      name: 'basic',
      label: 'Offline (no AI model)',
      offline: true,
    });
    await expect(ai.resolve(ModelCapability.Vectorize)).resolves.toMatchObject({ offline: true });
    await expect(ai.resolve(ModelCapability.Text2Sound)).rejects.toMatchObject({
      code: AiErrorCode.NoModel,
      message: expect.stringContaining('No model is available for TEXT2SOUND'),
    });
    const settings = (await (await first.request('/api/v1/settings/models', { token })).json()) as { effective: Record<string, string | null> };
    expect(settings.effective).toMatchObject({ CHAT: 'offline:basic', SORT: 'offline:basic', TEXT2PIC: null, SOUND2TEXT: null });
  });

  it('answers honestly without material, and with a labelled extract when there is some', async () => {
    const model = await ai.resolve(ModelCapability.Chat);

    const bare = await ai.complete(model, { messages: [{ role: 'user', content: 'What is the meaning of life?' }] });
    expect(bare.text).toContain('no AI model is configured');
    expect(bare.text).toContain('Settings → Models');

    const events: string[] = [];
    let usage: unknown;
    for await (const event of ai.streamChat(model, {
      messages: [
        { role: 'system', content: 'You are helpful.\n\nContext:\n[1] The Eiffel Tower is 330 metres tall. It was completed in 1889.\n[2] Bananas are rich in potassium.' },
        { role: 'user', content: 'How tall is the Eiffel Tower?' },
      ],
    })) {
      if (event.type === 'delta') events.push(event.text);
      else usage = event.usage;
    }
    const text = events.join('');
    expect(events.length).toBeGreaterThan(10);
    expect(text.split('\n')[0]).toMatch(/^\*Offline mode, no AI model in use/);
    expect(text).toContain('The Eiffel Tower is 330 metres tall.');
    expect(text).not.toContain('Bananas');
    expect(text).not.toContain('You are helpful');
    expect(usage).toEqual({ promptTokens: expect.any(Number), completionTokens: text.split(/\s+/).filter(Boolean).length });
  });

  it('refuses JSON requests and media as unsupported, and embeds locally', async () => {
    const model = await ai.resolve(ModelCapability.Sort);
    await expect(ai.complete(model, { messages: [{ role: 'user', content: 'classify' }], json: true })).rejects.toMatchObject({ code: AiErrorCode.Unsupported });
    await expect(ai.generateImage(model, 'a cat')).rejects.toMatchObject({ code: AiErrorCode.Unsupported, message: expect.stringContaining('TEXT2PIC') });

    const vectors = await ai.embed(await ai.resolve(ModelCapability.Vectorize), ['refund policy for orders', 'how do refunds of orders work', 'volcanic eruptions']);
    expect(vectors.map((v) => v.length)).toEqual([384, 384, 384]);
  });
});
