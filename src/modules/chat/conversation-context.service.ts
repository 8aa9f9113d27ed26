import { Injectable } from '@nestjs/common';
import type { ChatMessage } from '../ai/ai.types';
import type { Chat } from './chat.entity';
import { ChatsRepository } from './chats.repository';
import type { Message } from './message.entity';
import { MessagesRepository } from './messages.repository';

/** Tokens of history sent with a request, beside the system prompt and the message itself. */
export const CONTEXT_TOKEN_BUDGET = 3_000;
/** The most turns looked at when filling the budget. */
const MAX_RECENT_TURNS = 40;

/** A cheap, model-independent estimate (≈4 characters per token) for budgeting only. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface ConversationContext {
  /** Recent turns that fit the budget, oldest first, as chat messages. */
  history: ChatMessage[];
  /** The rolling summary of older turns, if any. */
  summary: string | null;
  /** Turns older than the window exist that the summary does not cover yet. */
  needsSummary: boolean;
}

/**
 * Builds what a model sees of a conversation: the most recent turns within a token budget,
 * plus a rolling summary of everything older (refreshed after the answer, on the queue).
 */
@Injectable()
export class ConversationContextService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly chats: ChatsRepository,
  ) {}

  async build(chat: Chat, before: Date): Promise<ConversationContext> {
    const { window, older } = await this.split(chat.id, before);
    const needsSummary = older !== null && (chat.summarizedUntil === null || older.createdAt > chat.summarizedUntil);
    return { history: window.map(toChatMessage), summary: chat.summary, needsSummary };
  }

  /** The context of a chat's first turn: nothing came before it. */
  opening(chat: Chat): ConversationContext {
    return { history: [], summary: chat.summary, needsSummary: false };
  }

  /** The turns not in the window and not yet summarized, oldest first, for the summary job. */
  async unsummarized(chat: Chat): Promise<Message[]> {
    const { older } = await this.split(chat.id, new Date(Date.now() + 1000));
    if (!older) return [];
    return this.messages.turnsBetween(chat.id, chat.summarizedUntil, new Date(older.createdAt.getTime() + 1));
  }

  async saveSummary(chatId: string, summary: string, until: Date): Promise<void> {
    await this.chats.saveSummary(chatId, summary, until);
  }

  /** The window of recent turns that fit the budget, and the newest turn that did not fit. */
  private async split(chatId: string, before: Date): Promise<{ window: Message[]; older: Message | null }> {
    // One more than the window can hold, to know whether anything lies beyond it.
    const recent = await this.messages.recentTurns(chatId, before, MAX_RECENT_TURNS + 1);
    const floor = Math.max(0, recent.length - MAX_RECENT_TURNS);
    let budget = CONTEXT_TOKEN_BUDGET;
    let start = recent.length;
    while (start > floor) {
      const cost = estimateTokens((recent[start - 1]).text);
      if (cost > budget) break;
      budget -= cost;
      start--;
    }
    return { window: recent.slice(start), older: start > 0 ? (recent[start - 1]) : null };
  }
}

/** An operator's reply is the assistant side of the conversation too, so the AI continues from it after a handback. */
function toChatMessage(message: Message): ChatMessage {
  return { role: message.role === 'user' ? 'user' : 'assistant', content: message.text };
}
