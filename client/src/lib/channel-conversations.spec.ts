import type { InfiniteData } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { Delivery, Message } from '../api/chats';
import { channelName, deliveryLabel, hasQueued, isExternalChannel, replyError, withStoredMessage } from './channel-conversations';
import { ApiError } from '../api/http';

vi.mock('../api/http', () => import('../api/fake-http'));

function delivery(change: Partial<Delivery> = {}): Delivery {
  return { messageId: 'm1', status: 'queued', attempts: 0, error: null, updatedAt: '2026-01-01T10:00:00.000Z', ...change };
}

function message(id: string): Message {
  return {
    id,
    chatId: 'c1',
    role: 'operator',
    text: id,
    status: 'complete',
    trackId: null,
    topic: null,
    language: null,
    provider: null,
    model: null,
    usage: null,
    fileIds: [],
    citations: [],
    memoriesUsed: [],
    error: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    completedAt: '2026-01-01T10:00:00.000Z',
    authorName: 'Ana',
    replyToId: null,
    taskCount: 0,
    tasksDone: 0,
    thinking: null,
    thinkingMs: null,
    truncated: false,
    superseded: false,
  };
}

describe('delivery labels', () => {
  it('names each status', () => {
    expect(deliveryLabel(delivery())).toEqual({ text: 'Sending…', tone: 'pending' });
    expect(deliveryLabel(delivery({ status: 'sent', attempts: 1 }))).toEqual({ text: 'Sent', tone: 'done' });
    expect(deliveryLabel(delivery({ status: 'delivered', attempts: 1 }))).toEqual({ text: 'Delivered', tone: 'done' });
    expect(deliveryLabel(delivery({ status: 'read', attempts: 1 }))).toEqual({ text: 'Read', tone: 'done' });
  });

  it('says why a delivery failed, and after how many attempts when there were several', () => {
    const error = { code: 'DELIVERY_FAILED', message: 'The recipient is not on WhatsApp.' };
    expect(deliveryLabel(delivery({ status: 'failed', attempts: 1, error }))).toEqual({ text: 'Not delivered: The recipient is not on WhatsApp', tone: 'failed' });
    expect(deliveryLabel(delivery({ status: 'failed', attempts: 6, error })).text).toBe('Not delivered: The recipient is not on WhatsApp (after 6 attempts)');
  });

  it('still says something when a failure came without a message', () => {
    expect(deliveryLabel(delivery({ status: 'failed', attempts: 1, error: { code: 'X', message: ' ' } })).text).toBe('Not delivered: the channel refused it');
    expect(deliveryLabel(delivery({ status: 'failed', attempts: 1 })).text).toBe('Not delivered: the channel refused it');
  });

  it('shows a failed attempt that is being retried as still sending', () => {
    const label = deliveryLabel(delivery({ attempts: 2, error: { code: 'DELIVERY_FAILED', message: 'SMTP timeout.' } }));
    expect(label).toEqual({ text: 'Sending… (retrying after: SMTP timeout)', tone: 'pending' });
  });

  it('polls only while a delivery is queued', () => {
    expect(hasQueued(undefined)).toBe(false);
    expect(hasQueued([delivery({ status: 'sent' }), delivery({ status: 'failed' })])).toBe(false);
    expect(hasQueued([delivery({ status: 'sent' }), delivery()])).toBe(true);
  });
});

describe('channels', () => {
  it('marks chats from elsewhere than the app, and lets people reply only on WhatsApp and e-mail', () => {
    expect(channelName('web')).toBeNull();
    expect(channelName('widget')).toBeNull();
    expect(channelName('whatsapp')).toBe('WhatsApp');
    expect(channelName('email')).toBe('E-mail');
    expect(channelName('api')).toBe('API');
    expect(['web', 'widget', 'api', 'whatsapp', 'email'].filter((channel) => isExternalChannel(channel as never))).toEqual(['whatsapp', 'email']);
  });

  it('puts refused replies in words', () => {
    expect(replyError(new ApiError('NOT_FOUND', 404, 'Not found'))).toBe('this conversation no longer exists');
    expect(replyError(new ApiError('UNKNOWN', 409, 'Replies from here go to WhatsApp and e-mail conversations'))).toBe('this chat is not a WhatsApp or e-mail conversation');
    expect(replyError(new ApiError('VALIDATION_FAILED', 400, 'text must not be blank'))).toBe('text must not be blank');
    expect(replyError(new ApiError('NETWORK_ERROR', 0, ''))).toBe("Can't reach Switchboard. Check your connection and try again");
  });
});

describe('adding a stored message to the cached pages', () => {
  const pages = (...ids: string[][]): InfiniteData<Message[]> => ({ pages: ids.map((page) => page.map(message)), pageParams: ids.map(() => undefined) });

  it('appends it to the newest page', () => {
    const data = withStoredMessage(pages(['c', 'd'], ['a', 'b']), message('e'));
    expect(data?.pages.map((page) => page.map((item) => item.id))).toEqual([
      ['c', 'd', 'e'],
      ['a', 'b'],
    ]);
  });

  it('leaves the pages alone when it is there already, or nothing is loaded', () => {
    const data = pages(['c', 'd'], ['a', 'b']);
    expect(withStoredMessage(data, message('a'))).toBe(data);
    expect(withStoredMessage(undefined, message('a'))).toBeUndefined();
  });
});
