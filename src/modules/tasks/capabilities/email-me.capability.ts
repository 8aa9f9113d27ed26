import { Injectable } from '@nestjs/common';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { ResultMailer, ResultNotMailedError } from '../../channels/email/result-mailer';
import type { Channel } from '../../chat/chat.entity';
import { ChatService } from '../../chat/chat.service';
import { FilesService } from '../../files/files.service';
import { CapabilityError, type NodeResult, type NodeRun, type TaskCapabilityHandler } from './capability';

/** Conversations whose writer is the account's own user; elsewhere "me" is a visitor or a contact, whose address we do not have. */
const OWN_CHANNELS: ReadonlySet<Channel> = new Set(['web', 'api']);
const MAX_SUBJECT_CHARS = 80;

/**
 * E-mails the results of the steps it depends on (their texts, and their files as attachments)
 * to the user's own account address: "… and mail it to me". Never to an address from the
 * message: the recipient is not the planner's to choose. Fails clearly when e-mail is not set up.
 */
@Injectable()
export class EmailMeCapability implements TaskCapabilityHandler {
  readonly name = 'email_me';
  readonly kind = 'text';

  constructor(
    private readonly mailer: ResultMailer,
    private readonly chats: ChatService,
    private readonly files: FilesService,
  ) {}

  async run(run: NodeRun): Promise<NodeResult> {
    // Only other steps' results are sent; the request itself is what the user wrote, not a result.
    const texts = Object.values(run.inputs.values).filter((value) => value.trim() !== '' && value !== run.request);
    if (texts.length === 0 && run.inputs.files.length === 0) throw new CapabilityError('NO_INPUT', 'There is no result to e-mail.');
    if (!(await this.writtenByTheUser(run))) {
      throw new CapabilityError('NOT_YOUR_CONVERSATION', 'Results are only e-mailed to the account’s own user; this conversation came from someone else, who gets the answer here.');
    }
    const attachments = await Promise.all(run.inputs.files.map(async (file) => ({ name: file.name, mime: file.mime, data: await this.files.readContent(run.userId, file.id) })));
    const markdown = [...texts, ...(texts.length === 0 ? [`Attached: ${run.inputs.files.map((file) => file.name).join(', ')}`] : [])].join('\n\n---\n\n');
    try {
      const to = await this.mailer.sendToUser(run.userId, { id: `${run.messageId}.${run.nodeId}`, subject: subjectOf(run.request), markdown, attachments });
      return { text: `E-mailed to ${to}${attachments.length > 0 ? `, with ${attachments.map((file) => file.name).join(', ')} attached` : ''}.` };
    } catch (error) {
      if (error instanceof ResultNotMailedError) throw new CapabilityError(error.code, error.message);
      throw error;
    }
  }

  /** The chat's channel; an incognito turn (stored nowhere) is always the user's own. */
  private async writtenByTheUser(run: NodeRun): Promise<boolean> {
    try {
      const message = await this.chats.getMessage(run.userId, run.messageId);
      return OWN_CHANNELS.has((await this.chats.get(run.userId, message.chatId)).channel);
    } catch (error) {
      if (error instanceof AppException && error.code === ErrorCode.NotFound) return true;
      throw error;
    }
  }
}

/** The request's first line, shortened: what the user will recognise in their inbox. */
function subjectOf(request: string): string {
  const line = request.trim().split('\n', 1)[0]?.trim() ?? '';
  const short = line.length > MAX_SUBJECT_CHARS ? `${line.slice(0, MAX_SUBJECT_CHARS - 1).trimEnd()}…` : line;
  return short === '' ? 'Switchboard: your result' : `Switchboard: ${short}`;
}
