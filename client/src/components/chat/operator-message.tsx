import type { ReactNode } from 'react';
import type { Delivery } from '../../api/chats';
import type { OutgoingReply } from '../../hooks/use-channel-reply';
import { AlertIcon } from '../icons';
import { DeliveryNote } from './delivery-note';

/** A reply on its way has no delivery record yet: it reads as one still queued. */
const SENDING: Pick<Delivery, 'status' | 'attempts' | 'error'> = { status: 'queued', attempts: 0, error: null };

interface OperatorMessageProps {
  author: string;
  text: string;
  state?: 'sending' | 'failed';
  /** Under the bubble: how its delivery went. */
  children?: ReactNode;
}

/** A person's reply in a WhatsApp or e-mail conversation, with their name. */
export function OperatorMessage({ author, text, state, children }: OperatorMessageProps) {
  return (
    <article className={`message message-operator${state ? ` is-${state}` : ''}`} aria-label={`Reply by ${author}`}>
      <p className="message-author">{author}</p>
      <div className="message-bubble">{text}</div>
      {children}
    </article>
  );
}

interface OutgoingReplyMessageProps {
  reply: OutgoingReply;
  author: string;
  onRetry: () => void;
  onDiscard: () => void;
}

/** A reply not stored yet: "Sending…", or "Not sent" with why, Send again and Discard. */
export function OutgoingReplyMessage({ reply, author, onRetry, onDiscard }: OutgoingReplyMessageProps) {
  if (reply.error === null) {
    return (
      <OperatorMessage author={author} text={reply.text} state="sending">
        <DeliveryNote delivery={SENDING} />
      </OperatorMessage>
    );
  }
  return (
    <OperatorMessage author={author} text={reply.text} state="failed">
      <p className="delivery-note is-failed has-actions" role="alert">
        <AlertIcon size={14} />
        <span>Not sent: {reply.error}</span>
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Send again
        </button>
        <button type="button" className="btn btn-small btn-quiet" onClick={onDiscard}>
          Discard
        </button>
      </p>
    </OperatorMessage>
  );
}
