import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../common/errors/error-code';
import { codeOf } from '../../common/testing/rejection-of';
import { sessionWithRole } from '../auth/testing/callers';
import { UserRole } from '../users/user.entity';
import { DEFAULT_TASK_PROMPTS } from './default-task-prompts';
import { SYSTEM_SCOPE } from './task-prompt.entity';
import type { TaskPromptsRepository } from './task-prompts.repository';
import { TaskPromptsService, type EffectiveTaskPrompt } from './task-prompts.service';
import { InMemoryTaskPrompts } from './testing/in-memory-task-prompts';
import { NO_FILES } from '../files/testing/no-files';

describe('TaskPromptsService', () => {
  let repo: InMemoryTaskPrompts;
  let service: TaskPromptsService;
  const admin = sessionWithRole(UserRole.Admin);
  const alice = sessionWithRole(UserRole.User);
  const bob = sessionWithRole(UserRole.User);

  const systemPrompt = (topic: string): EffectiveTaskPrompt => {
    const row = repo.rows.find((r) => r.scope === SYSTEM_SCOPE && r.topic === topic);
    if (!row) throw new Error(`no system prompt ${topic}`);
    return { ...row, scope: 'system', isDefault: true, overridesSystem: false };
  };

  beforeEach(async () => {
    repo = new InMemoryTaskPrompts();
    service = new TaskPromptsService(repo as unknown as TaskPromptsRepository, NO_FILES);
    await service.seedDefaults();
  });

  it('seeds every default once, and again only what is missing', async () => {
    expect(repo.rows.map((r) => r.topic).sort()).toEqual(DEFAULT_TASK_PROMPTS.map((p) => p.topic).sort());
    expect(await service.seedDefaults()).toEqual([]);

    await service.update(admin, systemPrompt('translate').id, { prompt: 'Edited by the admin.' });
    repo.rows.splice(repo.rows.findIndex((r) => r.topic === 'general'), 1);
    expect(await service.seedDefaults()).toEqual(['general']);
    expect(systemPrompt('translate').prompt).toBe('Edited by the admin.');
  });

  it('covers at least general, docsummary, mediamaker, officemaker and translate with rules', () => {
    for (const topic of ['general', 'docsummary', 'mediamaker', 'officemaker', 'translate']) {
      const prompt = DEFAULT_TASK_PROMPTS.find((p) => p.topic === topic);
      expect(prompt?.prompt.length).toBeGreaterThan(100);
      expect(prompt?.description.length).toBeGreaterThan(20);
      if (topic !== 'general') expect(prompt?.selectionRules.length).toBeGreaterThan(3);
    }
  });

  it("lists a user's own prompts first, then the system prompts they do not override", async () => {
    await service.create(alice, { topic: 'recipes', prompt: 'You are a chef.' });
    await service.update(alice, systemPrompt('translate').id, { selectionRules: ['dolmetsch*'] });

    const list = await service.listEffective(alice.userId);
    expect(list.map((p) => `${p.scope}:${p.topic}`)).toEqual([
      'user:recipes',
      'user:translate',
      'system:docsummary',
      'system:general',
      'system:mediamaker',
      'system:officemaker',
    ]);
    expect(list.find((p) => p.topic === 'translate')).toMatchObject({ overridesSystem: true, isDefault: false, selectionRules: ['dolmetsch*'] });
    expect(list.find((p) => p.topic === 'recipes')).toMatchObject({ overridesSystem: false, settings: { webSearch: null } });

    // Bob still sees the system prompt.
    expect((await service.listEffective(bob.userId)).find((p) => p.topic === 'translate')).toMatchObject({ scope: 'system', isDefault: true });
  });

  it("finds the prompt for a topic, the user's override winning", async () => {
    await service.update(alice, systemPrompt('general').id, { prompt: 'Alice likes short answers.' });

    expect(await service.findForTopic('general', alice.userId)).toMatchObject({ scope: 'user', prompt: 'Alice likes short answers.', overridesSystem: true });
    expect(await service.findForTopic('general', bob.userId)).toMatchObject({ scope: 'system', isDefault: true });
    expect(await service.findForTopic('nope', bob.userId)).toBeNull();
  });

  it('lets only admins create system prompts, and refuses taken topics', async () => {
    expect(await codeOf(service.create(alice, { topic: 'legal', prompt: 'x', scope: 'system' }))).toBe(ErrorCode.Forbidden);
    const legal = await service.create(admin, { topic: 'legal', prompt: 'Careful legal answers.', scope: 'system' });
    expect(legal).toMatchObject({ scope: 'system', isDefault: false });
    expect(await codeOf(service.create(admin, { topic: 'legal', prompt: 'again', scope: 'system' }))).toBe(ErrorCode.PromptTopicTaken);
    expect(await codeOf(service.create(alice, { topic: 'mine', prompt: 'a' }).then(() => service.create(alice, { topic: 'mine', prompt: 'b' })))).toBe(
      ErrorCode.PromptTopicTaken,
    );
  });

  it("applies an admin's edit of a system prompt to everyone", async () => {
    const updated = await service.update(admin, systemPrompt('docsummary').id, { description: 'Summaries.', settings: { webSearch: true } });

    expect(updated).toMatchObject({ scope: 'system', description: 'Summaries.', settings: { webSearch: true } });
    expect(await service.findForTopic('docsummary', bob.userId)).toMatchObject({ description: 'Summaries.' });
    expect(repo.rows.filter((r) => r.topic === 'docsummary')).toHaveLength(1);
  });

  it("turns a user's edit of a system prompt into their own override, and updates it on the next edit", async () => {
    const system = systemPrompt('mediamaker');
    const first = await service.update(alice, system.id, { enabled: false });
    expect(first).toMatchObject({ scope: 'user', topic: 'mediamaker', enabled: false, prompt: system.prompt, overridesSystem: true });
    expect(first.id).not.toBe(system.id);

    const second = await service.update(alice, system.id, { prompt: 'Mine.' });
    expect(second).toMatchObject({ id: first.id, enabled: false, prompt: 'Mine.' });
    expect(systemPrompt('mediamaker').prompt).toBe(system.prompt);
    expect(repo.rows.filter((r) => r.topic === 'mediamaker')).toHaveLength(2);
    expect(await codeOf(service.update(alice, system.id, { topic: 'renamed' }))).toBe(ErrorCode.ValidationFailed);
  });

  it("answers NOT_FOUND for another user's prompt, to users and admins alike", async () => {
    const own = await service.create(alice, { topic: 'private', prompt: 'secret' });
    for (const caller of [bob, admin]) {
      expect(await codeOf(service.update(caller, own.id, { prompt: 'x' }))).toBe(ErrorCode.NotFound);
      expect(await codeOf(service.remove(caller, own.id))).toBe(ErrorCode.NotFound);
    }
    expect(await codeOf(service.update(alice, randomUUID(), { prompt: 'x' }))).toBe(ErrorCode.NotFound);
  });

  it('keeps webSearch null (auto) unless it is set, and merges settings key by key', async () => {
    const created = await service.create(alice, { topic: 'news', prompt: 'p', settings: { model: 'openai:gpt-4o-mini' } });
    expect(created.settings).toEqual({ webSearch: null, model: 'openai:gpt-4o-mini' });

    const on = await service.update(alice, created.id, { settings: { webSearch: true } });
    expect(on.settings).toEqual({ webSearch: true, model: 'openai:gpt-4o-mini' });
    const auto = await service.update(alice, created.id, { settings: { webSearch: null, model: null } });
    expect(auto.settings).toEqual({ webSearch: null, model: null });
    const untouched = await service.update(alice, created.id, { description: 'News.' });
    expect(untouched.settings).toEqual({ webSearch: null, model: null });
  });

  it('cleans selection rules: trimmed, no blanks, no case-insensitive duplicates', async () => {
    const created = await service.create(alice, { topic: 'rules', prompt: 'p', selectionRules: ['  Invoice ', 'invoice', 'due   date', 'Due date'] });
    expect(created.selectionRules).toEqual(['Invoice', 'due date']);
  });

  it('deletes own prompts; admins delete non-default system prompts; defaults are kept', async () => {
    const own = await service.create(alice, { topic: 'temp', prompt: 'p' });
    await service.remove(alice, own.id);
    expect(await service.findForTopic('temp', alice.userId)).toBeNull();

    const general = systemPrompt('general');
    expect(await codeOf(service.remove(alice, general.id))).toBe(ErrorCode.Forbidden);
    expect(await codeOf(service.remove(admin, general.id))).toBe(ErrorCode.Conflict);

    const legal = await service.create(admin, { topic: 'legal', prompt: 'p', scope: 'system' });
    await service.remove(admin, legal.id);
    expect(await service.findForTopic('legal', admin.userId)).toBeNull();
  });

  it('restores a default as shipped, for admins and seeded defaults only', async () => {
    const translate = systemPrompt('translate');
    await service.update(admin, translate.id, { prompt: 'Broken.', selectionRules: [], enabled: false, settings: { webSearch: true } });

    const restored = await service.restoreDefault(admin, translate.id);
    const shipped = DEFAULT_TASK_PROMPTS.find((p) => p.topic === 'translate');
    expect(restored).toMatchObject({ prompt: shipped?.prompt, selectionRules: shipped?.selectionRules, enabled: true, settings: { webSearch: false } });

    expect(await codeOf(service.restoreDefault(alice, translate.id))).toBe(ErrorCode.Forbidden);
    const legal = await service.create(admin, { topic: 'legal', prompt: 'p', scope: 'system' });
    expect(await codeOf(service.restoreDefault(admin, legal.id))).toBe(ErrorCode.Conflict);
    expect(await codeOf(service.update(admin, translate.id, { topic: 'translation' }))).toBe(ErrorCode.Conflict);
  });
});
