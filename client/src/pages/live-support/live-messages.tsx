import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { queryKeys } from '../../api/query-keys';
import type { SessionTranscript, WidgetMessage } from '../../api/widgets';
import { Markdown } from '../../components/chat/markdown';
import { AlertIcon, CheckIcon, SparkIcon } from '../../components/icons';
import { useLiveAnswer } from '../../hooks/use-live-answer';
import { isFinished } from '../../lib/answer-state';
import { withMessage } from './live-sessions';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayTimeFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "15:58" today, "Mar 3, 15:58" before. */
export function messageTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toDateString() === now.toDateString() ? timeFormat.format(date) : dayTimeFormat.format(date);
}

/** One reply of the operator not yet confirmed by the server. */
export interface OutboxItem {
  localId: string;
  text: string;
  createdAt: string;
  state: 'sending' | 'failed';
  error?: string;
}

interface MessageProps {
  message: WidgetMessage;
  widgetId: string;
  sessionId: string;
  /** The signed-in user's display name: their replies say "You". */
  myName: string | undefined;
}

export function LiveMessage({ message, widgetId, sessionId, myName }: MessageProps) {
  switch (message.role) {
    case 'system':
      return (
        <p className="live-system" role="note">
          <span>{message.text}</span>
          <time dateTime={message.createdAt}>{messageTime(message.createdAt)}</time>
        </p>
      );
    case 'visitor':
      return (
        <article className="live-msg is-visitor" aria-label="Visitor">
          <MessageMeta who="Visitor" at={message.createdAt} />
          <div className="live-bubble">{message.text}</div>
        </article>
      );
    case 'operator': {
      const name = message.operatorName || 'Operator';
      return (
        <article className="live-msg is-operator" aria-label={`${name} (operator)`}>
          <MessageMeta who={name === myName ? `${name} (you)` : name} at={message.createdAt} />
          <div className="live-bubble">{message.text}</div>
          <span className="live-msg-state">
            <CheckIcon size={14} /> Sent
          </span>
        </article>
      );
    }
    case 'ai':
      return <AiMessage message={message} widgetId={widgetId} sessionId={sessionId} />;
  }
}

function MessageMeta({ who, at, icon }: { who: string; at: string; icon?: ReactNode }) {
  return (
    <p className="live-msg-meta">
      {icon}
      <span className="live-msg-who">{who}</span>
      <span aria-hidden="true"> · </span>
      <time dateTime={at}>{messageTime(at)}</time>
    </p>
  );
}

/** An AI answer: as stored, or streaming in over its track while it is written. */
function AiMessage({ message, widgetId, sessionId }: { message: WidgetMessage; widgetId: string; sessionId: string }) {
  const queryClient = useQueryClient();
  const writing = message.status === 'pending' || message.status === 'streaming';
  const live = useLiveAnswer(writing && message.trackId ? message.trackId : null, (state) => {
    // The finished text, until the stored message arrives on the channel and replaces it.
    queryClient.setQueryData<SessionTranscript>(queryKeys.widgets.transcript(widgetId, sessionId), (transcript) =>
      withMessage(transcript, {
        ...message,
        text: state.text || message.text,
        status: state.status === 'failed' ? 'failed' : state.status === 'stopped' ? 'stopped' : 'complete',
      }),
    );
  });
  const streaming = writing && !live.lost && !(live.state && isFinished(live.state));
  const text = live.state && live.state.text.length >= message.text.length ? live.state.text : message.text;

  return (
    <article className="live-msg is-ai" aria-label="AI Assistant" aria-busy={streaming}>
      <MessageMeta who="AI Assistant" at={message.createdAt} icon={<SparkIcon size={14} />} />
      <div className="live-bubble">
        {text ? <Markdown text={text} streaming={streaming} /> : streaming ? <TypingDots label="The AI is writing" /> : <span className="muted">(no text)</span>}
      </div>
      {message.status === 'stopped' && <span className="live-msg-state">Stopped: a person took over</span>}
      {message.status === 'failed' && (
        <span className="live-msg-state is-failed">
          <AlertIcon size={14} /> The AI couldn't finish this answer
        </span>
      )}
    </article>
  );
}

export function OutboxMessage({ item, myName, onRetry, onDiscard }: { item: OutboxItem; myName: string | undefined; onRetry: () => void; onDiscard: () => void }) {
  const name = myName ?? 'You';
  return (
    <article className={`live-msg is-operator${item.state === 'failed' ? ' is-failed' : ' is-sending'}`} aria-label={`${name} (operator)`}>
      <MessageMeta who={`${name} (you)`} at={item.createdAt} />
      <div className="live-bubble">{item.text}</div>
      {item.state === 'sending' ? (
        <span className="live-msg-state">Sending…</span>
      ) : (
        <span className="live-msg-state is-failed" role="alert">
          <AlertIcon size={14} />
          <span>Not sent{item.error ? `: ${item.error}` : ''}</span>
          <button type="button" className="btn btn-small" onClick={onRetry}>
            Retry
          </button>
          <button type="button" className="btn btn-small btn-quiet" onClick={onDiscard}>
            Discard
          </button>
        </span>
      )}
    </article>
  );
}

/** What the visitor is typing, as they type it (a ghost of their next bubble). */
export function VisitorDraftBubble({ text }: { text: string }) {
  return (
    <div className="live-msg is-visitor is-draft" aria-label="The visitor is typing">
      <p className="live-msg-meta">
        <span className="live-msg-who">Visitor</span> · typing…
      </p>
      <div className="live-bubble">{text}</div>
    </div>
  );
}

/** The chat's typing dots; with a label they are announced, without they are decoration. */
export function TypingDots({ label }: { label?: string }) {
  return (
    <span className="typing-dots live-dots" {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}>
      <span />
      <span />
      <span />
    </span>
  );
}
