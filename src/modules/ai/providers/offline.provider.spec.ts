import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../../chat/dto/stream.dto';
import { AiErrorCode, AiProviderError } from '../ai-provider.error';
import type { ChatMessage } from '../ai.types';
import { cosine } from '../offline/local-embedding';
import { OfflineProvider } from './offline.provider';

const provider = new OfflineProvider();
const open = (): AbortSignal => new AbortController().signal;

const MATERIAL = [
  'Our shop ships to every country in the European Union.',
  'Standard delivery takes three to five working days.',
  'Refunds are paid within fourteen days after we receive the returned item.',
  'Returned items must be unused and in their original packaging.',
  'The company was founded in 2009 by two friends in Lyon.',
  'Gift cards cannot be exchanged for cash.',
].join(' ');

async function collect(messages: ChatMessage[], signal = open()): Promise<{ text: string; deltas: string[]; usage: unknown }> {
  const deltas: string[] = [];
  let usage: unknown;
  for await (const event of provider.streamChat('basic', { messages }, signal)) {
    if (event.type === 'delta') deltas.push(event.text);
    else usage = event.usage;
  }
  return { text: deltas.join(''), deltas, usage };
}

async function failure(promise: Promise<unknown>): Promise<AiProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AiProviderError);
  return error as AiProviderError;
}

describe('OfflineProvider chat', () => {
  const withContext = (question: string): ChatMessage[] => [
    { role: 'system', content: `You are the shop assistant. Never invent facts.\n\nContext:\n${MATERIAL}` },
    { role: 'user', content: question },
  ];

  it('quotes the sentences that answer the request, in their original order, under an offline preface', async () => {
    const { text } = await collect(withContext('How long does it take until refunds are paid for returned items?'));
    const [preface, ...body] = text.split('\n');

    expect(preface).toMatch(/^\*Offline mode, no AI model in use/);
    const quoted = body.join('\n');
    expect(quoted).toContain('Refunds are paid within fourteen days after we receive the returned item.');
    expect(quoted).toContain('Returned items must be unused');
    expect(quoted.indexOf('Refunds are paid')).toBeLessThan(quoted.indexOf('Returned items must'));
    expect(quoted).not.toContain('founded in 2009');
    expect(quoted).not.toContain('Gift cards');
    // Instructions in the system prompt are never quoted back as if they were material.
    expect(quoted).not.toContain('Never invent facts');
  });

  it('is deterministic', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => collect(withContext('Where do you deliver and how fast?'))));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers[0]?.text).toContain('Standard delivery takes three to five working days.');
  });

  it('says plainly that no model is configured, and how to connect one, when there is nothing to quote', async () => {
    const { text } = await collect([{ role: 'user', content: 'What is the meaning of life?' }]);

    expect(text).toContain('no AI model is configured');
    expect(text).toContain('Settings → Models');
    expect(text).toContain('OPENAI_API_KEY');
    expect(text).not.toContain('>');
  });

  it.each([
    ['de', 'Wie lange dauert es, bis Erstattungen gezahlt werden?', 'Offline-Modus'],
    ['fr', 'Combien de temps faut-il pour être remboursé ?', 'Mode hors ligne'],
    ['es', '¿Cuánto tiempo tardan los reembolsos?', 'Modo sin conexión'],
    ['en', 'How long do refunds take?', 'Offline mode'],
  ])('prefaces in the language of the request (%s)', async (_, question, preface) => {
    expect((await collect(withContext(question))).text).toContain(preface);
    expect((await collect([{ role: 'user', content: question }])).text).toContain(preface);
  });

  it('summarises text pasted into the request by its central passages', async () => {
    const { text } = await collect([{ role: 'user', content: `Summarize this:\n${MATERIAL}` }]);

    expect(text).toMatch(/^\*Offline mode, no AI model in use: the central sentences of the text, quoted as written\.\*/);
    expect(text).toContain('> Our shop ships to every country in the European Union.');
  });

  it('quotes from earlier turns of the conversation, but not its own earlier notices', async () => {
    const first = await collect([{ role: 'user', content: 'Hello?' }]);
    const { text } = await collect([
      { role: 'user', content: 'My order number is 4471 and the parcel arrived damaged.' },
      { role: 'assistant', content: first.text },
      { role: 'user', content: 'Which order number did I give you?' },
    ]);

    expect(text).toContain('My order number is 4471');
    expect(text).not.toContain('no AI model is configured');
  });

  it('streams word by word and counts usage in whitespace tokens', async () => {
    const messages = withContext('How fast is delivery?');
    const { text, deltas, usage } = await collect(messages);

    expect(deltas.length).toBe(text.split(/\s+/).filter(Boolean).length);
    expect(deltas.every((d) => d.trim().split(/\s+/).length === 1)).toBe(true);
    expect(usage).toEqual({
      promptTokens: messages.map((m) => m.content).join(' ').split(/\s+/).filter(Boolean).length,
      completionTokens: deltas.length,
    });
  });

  it('streams a quote holding a whitespace run of the largest message size word by word', async () => {
    const gap = ' \t'.repeat(MAX_MESSAGE_LENGTH / 2);
    const { text, deltas } = await collect([
      { role: 'system', content: `Context:\nRefunds are paid within${gap}fourteen days.` },
      { role: 'user', content: 'When are refunds paid?' },
    ]);

    expect(text).toContain(gap);
    expect(deltas.join('')).toBe(text);
    expect(deltas.length).toBe(text.split(/\s+/).filter(Boolean).length);
  });

  it('stops with CANCELLED once the signal fires', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const event of provider.streamChat('basic', { messages: withContext('How fast is delivery?') }, controller.signal)) {
          if (event.type === 'delta') seen.push(event.text);
          if (seen.length === 2) controller.abort();
        }
      })(),
    );
    expect(error.code).toBe(AiErrorCode.Cancelled);
    expect(seen).toHaveLength(2);
  });

  it('refuses JSON requests as unsupported before producing anything', async () => {
    const deltas: unknown[] = [];
    const error = await failure(
      (async () => {
        for await (const event of provider.streamChat('basic', { messages: [{ role: 'user', content: 'classify' }], json: true }, open())) deltas.push(event);
      })(),
    );
    expect(error.code).toBe(AiErrorCode.Unsupported);
    expect(deltas).toEqual([]);
  });
});

describe('OfflineProvider media and embeddings', () => {
  it.each([
    ['TEXT2PIC', () => provider.generateImage()],
    ['TEXT2SOUND', () => provider.synthesizeSpeech()],
    ['SOUND2TEXT', () => provider.transcribe()],
    ['PIC2TEXT', () => provider.describeImage()],
  ])('refuses %s as unsupported, naming it', async (capability, call) => {
    const error = await failure(call());
    expect(error.code).toBe(AiErrorCode.Unsupported);
    expect(error.message).toContain(capability);
  });

  it('embeds deterministically into unit vectors where similar texts score higher than unrelated ones', async () => {
    const [query, close, paraphrase, unrelated] = await provider.embed(
      'basic',
      ['How do I get a refund for my order?', 'Refunds for orders are paid within fourteen days.', 'refund of an order', 'Volcanoes erupt when magma rises to the surface.'],
      open(),
    );
    const again = await provider.embed('basic', ['How do I get a refund for my order?'], open());

    for (const vector of [query, close, paraphrase, unrelated]) {
      expect(vector).toHaveLength(384);
      expect(Math.hypot(...(vector ?? []))).toBeCloseTo(1, 6);
    }
    expect(again[0]).toEqual(query);
    const sim = (a?: number[], b?: number[]): number => cosine(a ?? [], b ?? []);
    expect(sim(query, close)).toBeGreaterThan(sim(query, unrelated));
    expect(sim(query, paraphrase)).toBeGreaterThan(sim(query, unrelated));
    expect(sim(close, paraphrase)).toBeGreaterThan(sim(close, unrelated));
  });

  it('gives an empty text a unit vector, never zeros', async () => {
    const [vector] = await provider.embed('basic', [''], open());
    expect(Math.hypot(...(vector ?? []))).toBeCloseTo(1, 6);
  });
});
