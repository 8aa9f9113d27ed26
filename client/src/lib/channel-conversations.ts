import type { InfiniteData } from '@tanstack/react-query';
import type { ChatChannel, Delivery, Message } from '../api/chats';
import { ApiError } from '../api/http';
import { errorMessage } from './error-messages';

/** The channels whose chats are conversations with someone outside: a person can reply in them. */
export type ExternalChannel = 'whatsapp' | 'email';

const CHANNEL_NAMES: Readonly<Record<ChatChannel, string | null>> = {
  web: null,
  widget: null,
  whatsapp: 'WhatsApp',
  email: 'E-mail',
  api: 'API',
};

export function isExternalChannel(channel: ChatChannel): channel is ExternalChannel {
  return channel === 'whatsapp' || channel === 'email';
}

/** The chat list's marker for a chat that came in elsewhere than this app; none for the app's own chats. */
export function channelName(channel: ChatChannel): string | null {
  return CHANNEL_NAMES[channel] ?? null;
}

/** The chat page's wording for a WhatsApp or e-mail conversation. */
export function conversationCopy(channel: ExternalChannel): { heading: string; placeholder: string; sendLabel: string } {
  return channel === 'whatsapp'
    ? { heading: 'WhatsApp conversation', placeholder: 'Reply on WhatsApp as you…', sendLabel: 'Send reply on WhatsApp' }
    : { heading: 'E-mail conversation', placeholder: 'Reply by e-mail as you…', sendLabel: 'Send reply by e-mail' };
}

export interface DeliveryLabel {
  text: string;
  tone: 'pending' | 'done' | 'failed';
}

/** What a message sent on WhatsApp or by e-mail shows under it. */
export function deliveryLabel(delivery: Pick<Delivery, 'status' | 'attempts' | 'error'>): DeliveryLabel {
  switch (delivery.status) {
    case 'queued':
      // An attempt failed and the job tries again later: say why, it may need fixing.
      return delivery.error
        ? { text: `Sending… (retrying after: ${sentence(delivery.error.message) || 'an error'})`, tone: 'pending' }
        : { text: 'Sending…', tone: 'pending' };
    case 'sent':
      return { text: 'Sent', tone: 'done' };
    case 'delivered':
      return { text: 'Delivered', tone: 'done' };
    case 'read':
      return { text: 'Read', tone: 'done' };
    case 'failed': {
      const attempts = delivery.attempts > 1 ? ` (after ${delivery.attempts} attempts)` : '';
      return { text: `Not delivered: ${sentence(delivery.error?.message ?? '') || 'the channel refused it'}${attempts}`, tone: 'failed' };
    }
  }
}

/** A message inside a label: no trailing full stop, no surrounding space. */
function sentence(text: string): string {
  return text.trim().replace(/\.$/, '');
}

/** Deliveries still on their way are polled (a channel's status reports may come without a realtime notice). */
export function hasQueued(deliveries: readonly Delivery[] | undefined): boolean {
  return deliveries?.some((delivery) => delivery.status === 'queued') ?? false;
}

/** Why a person's reply was refused, in words for the failed bubble. */
export function replyError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'NOT_FOUND') return 'this conversation no longer exists';
  // CHANNEL_NOT_EXTERNAL, a code this client has no name for.
  if (error instanceof ApiError && error.status === 409) return 'this chat is not a WhatsApp or e-mail conversation';
  return sentence(errorMessage(error));
}

/**
 * The chat's cached pages with a stored message added at the end (pages run newest first, each
 * page oldest first), unless it is there already. No pages loaded: nothing to add to.
 */
export function withStoredMessage(data: InfiniteData<Message[]> | undefined, message: Message): InfiniteData<Message[]> | undefined {
  if (!data || data.pages.length === 0 || data.pages.some((page) => page.some((existing) => existing.id === message.id))) return data;
  const [newest, ...older] = data.pages;
  return { ...data, pages: [[...newest, message], ...older] };
}
