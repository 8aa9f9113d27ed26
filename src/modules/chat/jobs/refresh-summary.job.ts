import { Injectable, Logger } from '@nestjs/common';
import { HandlesJob, type JobHandler } from '../../../infra/queue/job-handler';
import { JobName, type JobPayload } from '../../../infra/queue/jobs';
import { AiService } from '../../ai/ai.service';
import { ModelCapability } from '../../ai/ai.types';
import { ChatsRepository } from '../chats.repository';
import { ConversationContextService } from '../conversation-context.service';

const SUMMARY_INSTRUCTIONS =
  'You maintain a running summary of a conversation so it can continue without the full history. ' +
  'Merge the previous summary with the new turns into one concise summary (at most 250 words) that keeps names, ' +
  'facts, decisions, open questions and the user\'s preferences. Write it in the language of the conversation. ' +
  'Answer with the summary only.';

/**
 * Folds the turns that slid out of the context window into the chat's rolling summary.
 * Idempotent: it only ever summarizes turns newer than `summarized_until`.
 */
@Injectable()
@HandlesJob(JobName.RefreshChatSummary)
export class RefreshSummaryJob implements JobHandler<JobName.RefreshChatSummary> {
  private readonly logger = new Logger(RefreshSummaryJob.name);

  constructor(
    private readonly chats: ChatsRepository,
    private readonly context: ConversationContextService,
    private readonly ai: AiService,
  ) {}

  async handle({ chatId }: JobPayload<JobName.RefreshChatSummary>): Promise<{ summarized: number }> {
    const chat = await this.chats.findById(chatId);
    if (!chat) return { summarized: 0 };
    const turns = await this.context.unsummarized(chat);
    const newest = turns.at(-1);
    if (!newest) return { summarized: 0 };

    const model = await this.ai.resolve(ModelCapability.Summarize, { userId: chat.userId });
    const transcript = turns.map((turn) => `${turn.role === 'user' ? 'User' : 'Assistant'}: ${turn.text}`).join('\n\n');
    const { text } = await this.ai.complete(model, {
      messages: [
        { role: 'system', content: SUMMARY_INSTRUCTIONS },
        { role: 'user', content: `Previous summary:\n${chat.summary ?? '(none)'}\n\nNew turns:\n${transcript}` },
      ],
      maxTokens: 600,
    });
    await this.context.saveSummary(chat.id, text.trim(), newest.createdAt);
    this.logger.debug(`chat ${chat.id}: summarized ${turns.length} turns`);
    return { summarized: turns.length };
  }
}
