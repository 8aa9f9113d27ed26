import { Link } from 'react-router-dom';
import type { useAutoScroll } from '../../hooks/use-auto-scroll';
import type { useChatMessages } from '../../hooks/use-chat-messages';
import type { AnswerState } from '../../lib/answer-state';
import { EmptyState } from '../empty-state';
import { ArrowDownIcon, ChatIcon } from '../icons';
import { QueryError } from '../query-error';
import { Transcript, type ConversationParts, type TranscriptActions } from './transcript';

interface ChatTranscriptAreaProps {
  chatId: string | undefined;
  messages: ReturnType<typeof useChatMessages>;
  /** The chat does not exist (deleted, or a wrong link). */
  missing: boolean;
  answer: AnswerState | null;
  scroll: ReturnType<typeof useAutoScroll>;
  onRetry?: (question: string) => void;
  /** A WhatsApp or e-mail conversation's deliveries and replies on their way. */
  conversation?: ConversationParts;
  /** Again, edit and continue on the latest turn. */
  actions?: TranscriptActions;
  /** An incognito turn: the empty chat says that nothing is saved. */
  incognito?: boolean;
}

/** The scrolling part of the chat: history, the live answer, and "Jump to latest". */
export function ChatTranscriptArea({ chatId, messages, missing, answer, scroll, onRetry, conversation, actions, incognito = false }: ChatTranscriptAreaProps) {
  let content;
  if (missing) {
    content = (
      <EmptyState icon={<ChatIcon size={28} />} title="This chat doesn't exist">
        <p className="muted">It may have been deleted.</p>
        <Link to="/chat" className="btn">
          Start a new chat
        </Link>
      </EmptyState>
    );
  } else if (chatId && messages.isPending) {
    content = (
      <div className="transcript-skeleton" role="status">
        <span className="visually-hidden">Loading messages…</span>
        <span className="skeleton skeleton-bubble is-user" />
        <span className="skeleton skeleton-bubble" />
        <span className="skeleton skeleton-bubble is-user" />
      </div>
    );
  } else if (chatId && messages.isError) {
    content = <QueryError error={messages.error} onRetry={() => void messages.refetch()} />;
  } else if (!answer && incognito) {
    content = (
      <EmptyState icon={<ChatIcon size={28} />} title="Incognito chat">
        <p className="muted">Nothing you write here is saved: no chat, no history, no memories. Each message starts afresh.</p>
      </EmptyState>
    );
  } else if (!answer && (messages.data ?? []).length === 0 && !conversation?.outgoing.length) {
    content = (
      <EmptyState icon={<ChatIcon size={28} />} title="Start a conversation">
        <p className="muted">Ask anything: a question, a summary of a text, a translation, a document to download.</p>
      </EmptyState>
    );
  } else {
    content = (
      <>
        {messages.hasNextPage && (
          <div className="transcript-more">
            <button type="button" className="btn btn-small" disabled={messages.isFetchingNextPage} onClick={() => void messages.fetchNextPage()}>
              {messages.isFetchingNextPage ? 'Loading…' : 'Load earlier messages'}
            </button>
          </div>
        )}
        <Transcript messages={messages.data ?? []} live={answer} liveRef={scroll.anchorRef} onRetry={onRetry} conversation={conversation} actions={actions} />
      </>
    );
  }

  return (
    <div className="chat-scroll-wrap">
      <div className="chat-scroll" ref={scroll.scrollRef} tabIndex={0} aria-label="Messages">
        <div className="chat-content" ref={scroll.contentRef}>
          {content}
        </div>
      </div>
      {!scroll.atBottom && (
        <button type="button" className="jump-latest" onClick={scroll.jumpToLatest}>
          <ArrowDownIcon size={16} />
          Jump to latest
        </button>
      )}
    </div>
  );
}
