import { Injectable } from '@nestjs/common';
import { HandlesJob, type JobHandler } from '../../../infra/queue/job-handler';
import { JobName, type JobPayload } from '../../../infra/queue/jobs';
import { ChatService } from '../../chat/chat.service';
import type { Chat } from '../../chat/chat.entity';
import { MemoryExtractor } from '../memory-extractor.service';
import { MemoryService } from '../memory.service';

/**
 * Channels whose `user` messages are the account owner's own words. Widget visitors, WhatsApp and
 * e-mail senders are other people: what they say about themselves is not the owner's memory.
 */
const OWN_WORDS: ReadonlySet<Chat['channel']> = new Set(['web', 'api']);

/**
 * Learns from one turn on `async_ai_high`: reads the user's own message (never the answer), proposes
 * changes with MemoryExtractor and applies them. Idempotent: the same message proposes the same
 * facts, which then change nothing. A turn gone, or a chat with memory switched off, is skipped.
 */
@Injectable()
@HandlesJob(JobName.ExtractMemories)
export class ExtractMemoriesJob implements JobHandler<JobName.ExtractMemories> {
  constructor(
    private readonly chats: ChatService,
    private readonly extractor: MemoryExtractor,
    private readonly memory: MemoryService,
  ) {}

  async handle(turn: JobPayload<JobName.ExtractMemories>): Promise<{ changed: number } | { skipped: string }> {
    const found = await this.chats.findOwnQuestion(turn.userId, turn.chatId, turn.messageId);
    if (!found) return { skipped: 'the chat is gone' };
    const { chat, question } = found;
    if (!chat.memoryEnabled) return { skipped: 'memory is off in this chat' };
    if (!OWN_WORDS.has(chat.channel)) return { skipped: `${chat.channel} messages are not the owner's words` };
    if (!question) return { skipped: 'no such message of the user' };
    const known = await this.memory.known(turn.userId);
    const actions = await this.extractor.propose(turn.userId, question.text, known);
    return { changed: await this.memory.apply(turn, actions) };
  }
}
