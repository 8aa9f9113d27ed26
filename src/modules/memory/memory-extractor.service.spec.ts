import { describe, expect, it } from 'vitest';
import { AiErrorCode, AiProviderError } from '../ai/ai-provider.error';
import type { AiService } from '../ai/ai.service';
import { ModelCapability, type ResolvedModel } from '../ai/ai.types';
import { ScriptedAi } from '../ai/testing/scripted-ai';
import type { KnownMemory } from './memory-actions';
import { MemoryExtractor } from './memory-extractor.service';

const REMOTE: ResolvedModel = { id: 'openai:gpt-4o-mini', provider: 'openai', name: 'gpt-4o-mini', label: 'GPT-4o mini', offline: false };
const OFFLINE: ResolvedModel = { id: 'offline:chat', provider: 'offline', name: 'offline', label: 'Offline', offline: true };
const KNOWN: KnownMemory[] = [{ id: 'm1', category: 'personal', key: 'lives in', value: 'Berlin' }];

const extractorWith = (ai: ScriptedAi): MemoryExtractor => new MemoryExtractor(ai as unknown as AiService);

describe('MemoryExtractor', () => {
  it('asks the MEM model for strict JSON with the known memories and the message only', async () => {
    const ai = new ScriptedAi(REMOTE);
    ai.answer = JSON.stringify({ actions: [{ op: 'update', id: 'm1', category: 'personal', key: 'lives in', value: 'Hamburg' }] });

    const actions = await extractorWith(ai).propose('u1', 'I moved to Hamburg.', KNOWN);

    expect(actions).toEqual([{ op: 'update', id: 'm1', category: 'personal', key: 'lives in', value: 'Hamburg' }]);
    expect(ai.resolved).toEqual([{ capability: ModelCapability.Mem, modelId: undefined }]);
    const request = ai.requests[0];
    expect(request).toMatchObject({ json: true, temperature: 0 });
    expect(request?.messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(JSON.parse(request?.messages[1]?.content ?? '')).toEqual({ memories: KNOWN, message: 'I moved to Hamburg.' });
  });

  it("ignores a model's garbage and its proposals about unknown memories, without throwing", async () => {
    const ai = new ScriptedAi(REMOTE);
    ai.answer = 'I think the user lives in Hamburg now!';
    expect(await extractorWith(ai).propose('u1', 'I moved to Hamburg.', KNOWN)).toEqual([]);
    ai.answer = JSON.stringify({ actions: [{ op: 'delete', id: 'not-theirs' }] });
    expect(await extractorWith(ai).propose('u1', 'Forget where I live.', KNOWN)).toEqual([]);
  });

  it('lets a provider failure through, so the job retries', async () => {
    const ai = new ScriptedAi(REMOTE);
    ai.answer = new AiProviderError(AiErrorCode.Unavailable, 'down', true);
    await expect(extractorWith(ai).propose('u1', 'I live in Hamburg.', KNOWN)).rejects.toThrow('down');
  });

  it('uses the heuristics with the offline provider, or with no MEM model at all', async () => {
    const offline = new ScriptedAi(OFFLINE);
    expect(await extractorWith(offline).propose('u1', 'I moved to Hamburg.', KNOWN)).toEqual([
      { op: 'update', id: 'm1', category: 'personal', key: 'lives in', value: 'Hamburg' },
    ]);
    expect(offline.requests).toEqual([]);
    const none = new ScriptedAi(new AiProviderError(AiErrorCode.NoModel, 'no model'));
    expect(await extractorWith(none).propose('u1', 'My name is Anna.', [])).toEqual([{ op: 'create', category: 'personal', key: 'name', value: 'Anna' }]);
  });
});
