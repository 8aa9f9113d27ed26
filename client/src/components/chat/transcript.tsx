import type { Ref } from 'react';
import type { Delivery, Message } from '../../api/chats';
import type { OutgoingReply } from '../../hooks/use-channel-reply';
import type { AnswerState } from '../../lib/answer-state';
import { viewOfLive } from '../../lib/answer-view';
import { AssistantMessage } from './assistant-message';
import { DeliveryNote } from './delivery-note';
import { OperatorMessage, OutgoingReplyMessage } from './operator-message';
import { StoredAnswer } from './stored-answer';
import { UserMessage } from './user-message';

/** What a WhatsApp or e-mail conversation adds to the transcript. */
export interface ConversationParts {
  /** By message id; undefined until loaded. */
  deliveries: Map<string, Delivery> | undefined;
  /** A person's replies not stored yet, after the stored messages. */
  outgoing: OutgoingReply[];
  /** Who is writing the replies on their way. */
  myName: string;
  onRetryReply: (id: number) => void;
  onDiscardReply: (id: number) => void;
}

interface TranscriptProps {
  messages: Message[];
  /** The answer streaming (or just streamed) in this chat, which replaces its stored copy. */
  live: AnswerState | null;
  liveRef: Ref<HTMLElement>;
  /** Asks the question again after a failed answer (not offered where it would speak for someone else). */
  onRetry?: (question: string) => void;
  /** Set in a WhatsApp or e-mail conversation: its messages come from a contact and go out on the channel. */
  conversation?: ConversationParts;
}

/** The chat's messages in order, with the live answer merged in where it belongs. */
export function Transcript({ messages, live, liveRef, onRetry, conversation }: TranscriptProps) {
  const liveShown = live !== null && messages.some((message) => message.id === live.messageId);
  const questionShown = live !== null && live.userMessageId !== null && messages.some((message) => message.id === live.userMessageId);
  const lastAssistant = messages.findLast((message) => message.role === 'assistant');
  const from = conversation ? 'contact' : 'you';
  const deliveryOf = (id: string | null) => {
    const delivery = id === null ? undefined : conversation?.deliveries?.get(id);
    return delivery && <DeliveryNote delivery={delivery} />;
  };

  return (
    <div className="transcript">
      {messages.map((message, index) => {
        switch (message.role) {
          case 'user':
            return <UserMessage key={message.id} text={message.text} fileIds={message.fileIds} from={from} />;
          case 'operator':
            return (
              <OperatorMessage key={message.id} author={message.authorName || 'Operator'} text={message.text}>
                {deliveryOf(message.id)}
              </OperatorMessage>
            );
          case 'system':
            return (
              <p key={message.id} className="message-system" role="note">
                {message.text}
              </p>
            );
          case 'assistant': {
            if (live && message.id === live.messageId) {
              return <AssistantMessage key={message.id} ref={liveRef} view={viewOfLive(live)} onRetry={onRetry && (() => onRetry(live.userText))} note={deliveryOf(message.id)} />;
            }
            const question = messages.slice(0, index).findLast((candidate) => candidate.role === 'user');
            const retry = onRetry && message.id === lastAssistant?.id && question ? () => onRetry(question.text) : undefined;
            return <StoredAnswer key={message.id} message={message} onRetry={retry} note={deliveryOf(message.id)} />;
          }
        }
      })}
      {live && !liveShown && (
        <>
          {!questionShown && <UserMessage text={live.userText} fileIds={live.userFileIds} from={from} />}
          <AssistantMessage ref={liveRef} view={viewOfLive(live)} onRetry={onRetry && (() => onRetry(live.userText))} note={deliveryOf(live.messageId)} />
        </>
      )}
      {conversation?.outgoing.map((reply) => (
        <OutgoingReplyMessage
          key={reply.id}
          reply={reply}
          author={conversation.myName}
          onRetry={() => conversation.onRetryReply(reply.id)}
          onDiscard={() => conversation.onDiscardReply(reply.id)}
        />
      ))}
    </div>
  );
}
