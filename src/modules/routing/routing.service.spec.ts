import { beforeEach, describe, expect, it } from 'vitest';
import { AiErrorCode, AiProviderError } from '../ai/ai-provider.error';
import type { AiService } from '../ai/ai.service';
import { ModelCapability, type ResolvedModel } from '../ai/ai.types';
import { ScriptedAi } from '../ai/testing/scripted-ai';
import { sessionWithRole } from '../auth/testing/callers';
import { MetricsService } from '../metrics/metrics.service';
import { UserRole } from '../users/user.entity';
import { needsPlan, type RoutingSettings } from './classification';
import type { RoutingSettingsService } from './routing-settings.service';
import { RoutingService } from './routing.service';
import { DEFAULT_SORTER_PROMPT } from './sorter-prompt';
import type { TaskPromptsRepository } from './task-prompts.repository';
import { TaskPromptsService } from './task-prompts.service';
import { InMemoryTaskPrompts } from './testing/in-memory-task-prompts';
import { NO_FILES } from '../files/testing/no-files';

const REMOTE: ResolvedModel = { id: 'openai:gpt-4o-mini', provider: 'openai', name: 'gpt-4o-mini', label: 'GPT-4o mini', offline: false };
const OFFLINE: ResolvedModel = { id: 'offline:sort', provider: 'offline', name: 'offline', label: 'Offline', offline: true };


describe('RoutingService.classify', () => {
  let ai: ScriptedAi;
  let prompts: TaskPromptsService;
  let settings: RoutingSettings;
  let routing: RoutingService;
  const user = sessionWithRole(UserRole.User);
  const admin = sessionWithRole(UserRole.Admin);

  beforeEach(async () => {
    ai = new ScriptedAi(REMOTE);
    prompts = new TaskPromptsService(new InMemoryTaskPrompts() as unknown as TaskPromptsRepository, NO_FILES);
    await prompts.seedDefaults();
    settings = {
      routingEnabled: true,
      plannerModel: null,
      sorterModel: null,
      plannerPrompt: 'plan',
      sorterPrompt: DEFAULT_SORTER_PROMPT,
      maxParallel: 3,
      nodeTimeoutS: 120,
    };
    const settingsService = { get: () => Promise.resolve({ ...settings }) } as unknown as RoutingSettingsService;
    routing = new RoutingService(prompts, settingsService, ai as unknown as AiService, new MetricsService());
  });

  const promptId = async (topic: string): Promise<string> => {
    const prompt = await prompts.findForTopic(topic, user.userId);
    if (!prompt) throw new Error(`no prompt ${topic}`);
    return prompt.id;
  };

  it('uses a fixed topic first, without asking the sorter', async () => {
    const result = await routing.classify({ text: 'Please translate this', userId: user.userId, fixedTopic: 'mediamaker' });

    expect(result).toMatchObject({ topic: 'mediamaker', source: 'fixed', language: 'en' });
    expect(ai.resolved).toHaveLength(0);
  });

  it('falls through an unknown or disabled fixed topic to the rules', async () => {
    expect(await routing.classify({ text: 'Please translate this', userId: user.userId, fixedTopic: 'nope' })).toMatchObject({ topic: 'translate', source: 'rule' });

    await prompts.update(user, await promptId('mediamaker'), { enabled: false });
    expect(await routing.classify({ text: 'Please translate this', userId: user.userId, fixedTopic: 'mediamaker' })).toMatchObject({ topic: 'translate', source: 'rule' });
  });

  it('uses selection rules before the sorter', async () => {
    const result = await routing.classify({ text: 'Übersetze das bitte ins Englische', userId: user.userId });

    expect(result).toMatchObject({ topic: 'translate', source: 'rule', language: 'de', webSearch: false, multiStep: false });
    expect(ai.requests).toHaveLength(0);
  });

  it("follows the user's override: their rules, and their disabled topics", async () => {
    await prompts.update(user, await promptId('docsummary'), { selectionRules: ['gist'] });
    expect(await routing.classify({ text: 'Give me the gist of it', userId: user.userId })).toMatchObject({ topic: 'docsummary', source: 'rule' });

    await prompts.update(user, await promptId('translate'), { enabled: false });
    ai.answer = JSON.stringify({ topic: 'general', language: 'en', webSearch: false, multiStep: false });
    expect(await routing.classify({ text: 'translate hello', userId: user.userId })).toMatchObject({ topic: 'general', source: 'sorter' });
    const sorterPrompt = ai.requests[0]?.messages[0]?.content ?? '';
    expect(sorterPrompt).not.toContain('- translate:');
    expect(sorterPrompt).toContain('- docsummary:');

    // Another user still routes by the system rule.
    expect(await routing.classify({ text: 'translate hello', userId: admin.userId })).toMatchObject({ topic: 'translate', source: 'rule' });
  });

  it('asks the AI sorter with the known topics and takes its valid verdict', async () => {
    settings.sorterModel = 'openai:gpt-4o-mini';
    ai.answer = '```json\n{"topic":"mediamaker","language":"fr","webSearch":true,"multiStep":true,"media":"image"}\n```';

    const result = await routing.classify({ text: 'Une image de chat, puis un poème', userId: user.userId });

    // mediamaker ships with webSearch: false, which overrides the sorter's true.
    expect(result).toEqual({ topic: 'mediamaker', language: 'fr', source: 'sorter', webSearch: false, multiStep: true, media: 'image' });
    expect(ai.resolved).toEqual([{ capability: ModelCapability.Sort, modelId: 'openai:gpt-4o-mini' }]);
    const request = ai.requests[0];
    expect(request?.json).toBe(true);
    expect(request?.messages[0]?.content).toContain('- general:');
    expect(request?.messages[1]).toEqual({ role: 'user', content: 'Une image de chat, puis un poème' });
  });

  it('detects the language when the sorter gives no valid code', async () => {
    ai.answer = JSON.stringify({ topic: 'general', language: 'German', webSearch: false, multiStep: false });
    expect(await routing.classify({ text: 'Wie spät ist es in Köln?', userId: user.userId })).toMatchObject({ language: 'de', source: 'sorter' });
  });

  it.each([
    ['unparsable output', 'I think this is about cooking.'],
    ['an unknown topic', JSON.stringify({ topic: 'cooking', language: 'en', webSearch: false, multiStep: false })],
    ['wrong types', JSON.stringify({ topic: 'general', language: 'en', webSearch: 'no', multiStep: false })],
  ])('falls back to general on %s', async (_, answer) => {
    ai.answer = answer;
    expect(await routing.classify({ text: 'How do I make bread?', userId: user.userId })).toMatchObject({ topic: 'general', source: 'fallback' });
  });

  it('falls back to general on provider errors and when no model is bound', async () => {
    ai.answer = new AiProviderError(AiErrorCode.Unavailable, 'upstream 503', true);
    expect(await routing.classify({ text: 'How do I make bread?', userId: user.userId })).toMatchObject({ topic: 'general', source: 'fallback' });

    ai.model = new AiProviderError(AiErrorCode.NoModel, 'nothing bound to SORT');
    expect(await routing.classify({ text: 'How do I make bread?', userId: user.userId })).toMatchObject({ topic: 'general', source: 'fallback' });
  });

  it('does not turn a cancelled request into a fallback', async () => {
    const controller = new AbortController();
    controller.abort();
    ai.answer = new AiProviderError(AiErrorCode.Cancelled, 'cancelled');
    await expect(routing.classify({ text: 'How do I make bread?', userId: user.userId, signal: controller.signal })).rejects.toMatchObject({
      code: AiErrorCode.Cancelled,
    });
  });

  it('offers the heuristic reading as a guess before an AI sorter is asked, and only then', async () => {
    ai.answer = JSON.stringify({ topic: 'general', language: 'en', webSearch: false, multiStep: false });
    const guesses: unknown[] = [];
    const onGuess = (guess: unknown): void => void guesses.push({ guess, sorterAsked: ai.requests.length });

    const result = await routing.classify({ text: 'How do I make bread?', userId: user.userId }, onGuess);
    expect(result).toMatchObject({ topic: 'general', source: 'sorter' });
    expect(guesses).toEqual([{ guess: { topic: 'general', language: 'en', source: 'sorter', webSearch: false, multiStep: false }, sorterAsked: 0 }]);

    // Fixed topics, rules and the offline sorter decide at once: there is nothing to guess ahead of.
    await routing.classify({ text: 'Please translate this', userId: user.userId, fixedTopic: 'mediamaker' }, onGuess);
    await routing.classify({ text: 'Please translate this', userId: user.userId }, onGuess);
    ai.model = OFFLINE;
    await routing.classify({ text: 'How do I make bread?', userId: user.userId }, onGuess);
    expect(guesses).toHaveLength(1);
  });

  it('sorts with the heuristics when the SORT model is the offline provider', async () => {
    ai.model = OFFLINE;
    const result = await routing.classify({ text: 'Create a watercolor illustration of a red fox', userId: user.userId });

    expect(result).toEqual({ topic: 'mediamaker', language: 'en', source: 'sorter', webSearch: false, multiStep: true, media: 'image' });
    expect(ai.requests).toHaveLength(0);
  });

  it("lets the client's web-search toggle win over the topic's setting, and that over the sorter", async () => {
    ai.answer = JSON.stringify({ topic: 'docsummary', language: 'en', webSearch: true, multiStep: false });
    // docsummary ships with webSearch: false.
    expect(await routing.classify({ text: 'Condense the latest news', userId: user.userId })).toMatchObject({ topic: 'docsummary', webSearch: false });
    expect(await routing.classify({ text: 'Condense the latest news', userId: user.userId, webSearch: true })).toMatchObject({ webSearch: true });

    // general ships with webSearch: null (auto): the sorter decides.
    ai.answer = JSON.stringify({ topic: 'general', language: 'en', webSearch: true, multiStep: false });
    expect(await routing.classify({ text: 'Who won yesterday?', userId: user.userId })).toMatchObject({ topic: 'general', webSearch: true });
    expect(await routing.classify({ text: 'Who won yesterday?', userId: user.userId, webSearch: false })).toMatchObject({ webSearch: false });
  });

  it('still sees a multi-step request when a rule decided the topic', async () => {
    const result = await routing.classify({
      text: 'Summarize the attached file, translate it to German and read it aloud',
      userId: user.userId,
      files: [{ mime: 'application/pdf', name: 'a.pdf' }],
    });
    expect(result).toMatchObject({ topic: 'docsummary', source: 'rule', multiStep: true, media: 'audio' });
  });

  it('plans only multi-step requests, and only while routing is enabled', () => {
    const multi = { topic: 'general', language: 'en', source: 'sorter' as const, webSearch: false, multiStep: true };
    expect(needsPlan(multi, settings)).toBe(true);
    expect(needsPlan({ ...multi, multiStep: false }, settings)).toBe(false);
    settings.routingEnabled = false;
    expect(needsPlan(multi, settings)).toBe(false);
  });
});
