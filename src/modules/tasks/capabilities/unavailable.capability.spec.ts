import { describe, expect, it } from 'vitest';
import { CapabilityError } from './capability';
import { UNAVAILABLE_CAPABILITIES } from './unavailable.capability';

describe('UNAVAILABLE_CAPABILITIES', () => {
  it('covers file analysis, as a text node', () => {
    expect(UNAVAILABLE_CAPABILITIES.map((handler) => [handler.name, handler.kind])).toEqual([['file_analysis', 'text']]);
  });

  it.each(UNAVAILABLE_CAPABILITIES.map((handler) => [handler.name, handler] as const))('%s rejects with CAPABILITY_UNAVAILABLE and a readable reason', async (_, handler) => {
    const error = await handler.run().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CapabilityError);
    expect((error as CapabilityError).code).toBe('CAPABILITY_UNAVAILABLE');
    expect((error as CapabilityError).message).toMatch(/^[A-Z].+ is not available on this installation yet\.$/);
  });

  it('names what is missing', async () => {
    const messages = await Promise.all(UNAVAILABLE_CAPABILITIES.map((handler) => handler.run().catch((e: unknown) => (e as Error).message)));

    expect(messages).toEqual(['Analysing files is not available on this installation yet.']);
  });
});
