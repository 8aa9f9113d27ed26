import { useRef, useState } from 'react';
import { ApiError } from '../../api/http';
import type { WidgetSession } from '../../api/widgets';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ArrowDownIcon, ChevronLeftIcon, InfoIcon, UserIcon } from '../../components/icons';
import { QueryError } from '../../components/query-error';
import { useAutoScroll } from '../../hooks/use-auto-scroll';
import type { LiveSession } from '../../hooks/use-live-session';
import { useReplyOutbox } from '../../hooks/use-reply-outbox';
import { useSessionHandoff } from '../../hooks/use-session-handoff';
import { errorMessage } from '../../lib/error-messages';
import { LiveMessage, OutboxMessage, TypingDots, VisitorDraftBubble } from './live-messages';
import { isWriting, shortId, visitorLabel } from './live-sessions';
import { ReplyComposer } from './reply-composer';
import { ModeChip } from './session-list';

interface SessionViewProps {
  widgetId: string;
  sessionId: string;
  /** The row from the list, shown until the transcript has loaded. */
  listed: WidgetSession | undefined;
  myName: string | undefined;
  onBack: () => void;
  onShowDetails: () => void;
  /** The session's live state (the page shares it with the details pane). */
  live: LiveSession;
}

/** Who is answering, in a sentence for the control chip. */
function controlText(session: WidgetSession, myName: string | undefined): string {
  if (session.mode === 'ai') return 'The AI is answering';
  if (session.mode === 'waiting') return 'The visitor is waiting for a person';
  if (!session.operatorName) return 'An operator is answering';
  return session.operatorName === myName ? 'You are answering' : `${session.operatorName} is answering`;
}

/** The middle pane: one visitor's conversation, live, with takeover, handback and the reply box. */
export function SessionView({ widgetId, sessionId, listed, myName, onBack, onShowDetails, live }: SessionViewProps) {
  const outbox = useReplyOutbox(widgetId, sessionId);
  const { takeOver, handBack } = useSessionHandoff();
  const [confirm, setConfirm] = useState<'takeover' | 'handback' | null>(null);
  const scroll = useAutoScroll(`${widgetId}/${sessionId}`);
  const composerRef = useRef<HTMLTextAreaElement>(null);

  const data = live.transcript.data;
  const session = data?.session ?? listed;

  const missing = live.transcript.error instanceof ApiError && live.transcript.error.status === 404;
  const messages = data?.messages ?? [];
  const aiWriting = messages.some(isWriting);
  const ref = { widgetId, sessionId };

  function confirmAction() {
    const mutation = confirm === 'takeover' ? takeOver : handBack;
    mutation.mutate(ref, {
      onSuccess: () => {
        setConfirm(null);
        if (confirm === 'takeover') requestAnimationFrame(() => composerRef.current?.focus());
      },
    });
  }

  const pending = confirm === 'takeover' ? takeOver : handBack;

  return (
    <div className="live-pane live-transcript" role="region" aria-label="Conversation">
      <header className="live-transcript-head">
        <button type="button" className="btn-icon live-back" aria-label="Back to the sessions" onClick={onBack}>
          <ChevronLeftIcon size={18} />
        </button>
        <div className="live-transcript-title">
          <h2>
            {session ? visitorLabel(session) : 'Visitor'} <span className="live-row-ref">#{shortId(sessionId)}</span>
          </h2>
          {session && (
            <p className="live-control" role="status" aria-live="polite">
              <ModeChip mode={session.mode} operatorName={session.mode === 'human' ? session.operatorName : null} />
              <span>{controlText(session, myName)}</span>
            </p>
          )}
        </div>
        <div className="live-transcript-actions">
          {session && session.mode !== 'human' && (
            <button type="button" className="btn btn-primary btn-small" onClick={() => setConfirm('takeover')} disabled={missing}>
              <UserIcon size={16} />
              Take over
            </button>
          )}
          {session?.mode === 'human' && (
            <button type="button" className="btn btn-small" onClick={() => setConfirm('handback')} disabled={missing}>
              Hand back to AI
            </button>
          )}
          <button type="button" className="btn-icon live-details-toggle" aria-label="Session details" onClick={onShowDetails}>
            <InfoIcon size={18} />
          </button>
        </div>
      </header>

      {live.operatorsViewing !== null && live.operatorsViewing > 1 && (
        <p className="live-presence" role="status">
          <UserIcon size={16} aria-hidden="true" />
          Another operator is viewing this conversation.
        </p>
      )}

      <div className="chat-scroll-wrap">
        <div className="chat-scroll live-scroll" ref={scroll.scrollRef} tabIndex={0} aria-label="Messages">
          <div className="live-messages" ref={scroll.contentRef}>
            {missing ? (
              <div className="pane-empty">
                <p className="empty-state-title">This conversation no longer exists</p>
                <p className="muted">Its widget may have been deleted. Pick another session from the list.</p>
              </div>
            ) : live.transcript.isError ? (
              <QueryError error={live.transcript.error} onRetry={() => void live.transcript.refetch()} />
            ) : !data ? (
              <div className="transcript-skeleton" role="status">
                <span className="visually-hidden">Loading the conversation…</span>
                <span className="skeleton skeleton-bubble" />
                <span className="skeleton skeleton-bubble is-user" />
              </div>
            ) : (
              <>
                {messages.length === 0 && <p className="live-system">No messages yet.</p>}
                {messages.map((message) => (
                  <LiveMessage key={message.id} message={message} widgetId={widgetId} sessionId={sessionId} myName={myName} />
                ))}
                {outbox.items.map((item) => (
                  <OutboxMessage key={item.localId} item={item} myName={myName} onRetry={() => outbox.retry(item)} onDiscard={() => outbox.discard(item.localId)} />
                ))}
                {live.visitorDraft && <VisitorDraftBubble text={live.visitorDraft.text} />}
              </>
            )}
          </div>
        </div>
        {!scroll.atBottom && (
          <button type="button" className="jump-latest" onClick={scroll.jumpToLatest}>
            <ArrowDownIcon size={16} />
            Latest
          </button>
        )}
      </div>

      <p className="live-activity" role="status" aria-live="polite">
        {aiWriting && (
          <>
            <TypingDots /> AI is writing…
          </>
        )}
        {!aiWriting && live.polled && data && 'Live updates paused: refreshing every few seconds.'}
      </p>

      {!missing && session && (
        <ReplyComposer
          widgetId={widgetId}
          sessionId={sessionId}
          canReply={session.mode === 'human'}
          takingOver={takeOver.isPending}
          onTakeOver={() => setConfirm('takeover')}
          onSend={(text) => {
            outbox.send(text);
            scroll.follow();
          }}
          textareaRef={composerRef}
        />
      )}

      {confirm && (
        <ConfirmDialog
          title={confirm === 'takeover' ? 'Take over this conversation?' : 'Hand the conversation back to the AI?'}
          confirmLabel={pending.isPending ? 'Working…' : confirm === 'takeover' ? 'Take over' : 'Hand back to AI'}
          pending={pending.isPending}
          error={pending.isError ? errorMessage(pending.error) : undefined}
          onConfirm={confirmAction}
          onCancel={() => {
            setConfirm(null);
            pending.reset();
          }}
        >
          <p className="muted">
            {confirm === 'takeover'
              ? aiWriting
                ? 'The AI will be paused for this visitor: the answer it is writing stops where it is, and it won’t answer again until you hand the conversation back. You reply yourself.'
                : 'The AI will be paused for this visitor: it won’t answer their messages until you hand the conversation back. You reply yourself.'
              : 'The AI will answer this visitor’s next messages again. You can take over again at any time.'}
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
