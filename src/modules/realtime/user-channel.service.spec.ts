import { Logger } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../config/app-config';
import type { RealtimePublisher } from './realtime-publisher.service';
import type { Publication } from './realtime.types';
import { UserChannel } from './user-channel.service';

const USER_ID = '0b6f4f0e-6a43-4f0a-9a55-3c1f7a0d2b11';

type Publish = (channel: string, type: string, data: unknown) => Promise<Publication>;

/** A publisher double, and the mock that records its calls. */
function publisherThat(publish: Publish): { publisher: RealtimePublisher; calls: ReturnType<typeof vi.fn<Publish>> } {
  const calls = vi.fn(publish);
  return { publisher: { publish: calls } as unknown as RealtimePublisher, calls };
}

const published = (channel: string, type: string, data: unknown): Promise<Publication> => Promise.resolve({ channel, offset: 1, type, ts: 0, data });

describe('UserChannel', () => {
  afterEach(() => vi.restoreAllMocks());

  it("publishes a user's event to their own channel, with the event's name as the type", () => {
    const { publisher, calls } = publisherThat(published);

    new UserChannel(publisher, loadConfig({})).notify(USER_ID, 'message.started', { chatId: 'c', messageId: 'm', trackId: 't' });

    expect(calls).toHaveBeenCalledWith(`user:${USER_ID}`, 'message.started', { chatId: 'c', messageId: 'm', trackId: 't' });
  });

  it('returns before Redis answers, and logs a failed publication instead of throwing it', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    let fail: (error: Error) => void = () => undefined;
    const { publisher } = publisherThat(() => new Promise((_resolve, reject) => (fail = reject)));

    expect(new UserChannel(publisher, loadConfig({})).notify(USER_ID, 'chat.deleted', { chatId: 'c' })).toBeUndefined();
    fail(new Error('redis is down'));

    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringContaining('redis is down')));
  });

  it('publishes nothing with REALTIME_ENABLED=false', () => {
    const { publisher, calls } = publisherThat(published);

    new UserChannel(publisher, loadConfig({ REALTIME_ENABLED: 'false' })).notify(USER_ID, 'chat.created', { chatId: 'c' });

    expect(calls).not.toHaveBeenCalled();
  });
});
