import type { ReactNode, Ref } from 'react';
import { answerFinished, isOfflineAnswer, type AnswerView } from '../../lib/answer-view';
import { answerErrorMessage } from '../../lib/error-messages';
import { IconCopyButton } from '../icon-copy-button';
import { PlugOffIcon, RefreshIcon, StopIcon } from '../icons';
import { InlineAlert } from '../inline-alert';
import { FileView } from '../tasks/file-view';
import { ReadingCard, TaskPlan } from '../tasks/task-plan';
import { AnswerFeedback } from './answer-feedback';
import { AnswerInfo } from './answer-info';
import { AnswerPhase } from './answer-phase';
import { CitationScope } from './citation-panel';
import { Markdown } from './markdown';
import { MemoriesUsed } from './memories-used';
import { SourcesStrip } from './sources-strip';
import { ThinkingBlock } from './thinking-block';

interface AssistantMessageProps {
  view: AnswerView;
  /** Sends the question again (shown on failed answers). */
  onRetry?: () => void;
  /** Beside the actions once the answer is finished: how its delivery on WhatsApp or e-mail went. */
  note?: ReactNode;
  /** A stored answer's task plan, which loads its steps when shown (else the view's plan is shown). */
  steps?: ReactNode;
  /** Beside Copy once the answer is finished: versions, Continue, Again (AnswerActions). */
  actions?: ReactNode;
  ref?: Ref<HTMLElement>;
}

export function AssistantMessage({ view, onRetry, note, steps, actions, ref }: AssistantMessageProps) {
  const finished = answerFinished(view);
  const streaming = !finished;
  const live = view.live;
  const cancelled = view.error?.code === 'CANCELLED';
  // Live: every source listed so far; stored: the citations kept with the answer.
  const sources = view.sources.length > 0 ? view.sources : view.citations;

  return (
    <article ref={ref} className={`message message-assistant${streaming ? ' is-streaming' : ''}`} aria-label="Answer" aria-busy={streaming}>
      <div className="message-avatar" aria-hidden="true">
        S
      </div>
      <div className="message-main">
        {isOfflineAnswer(view) && (
          <span className="badge badge-offline" title="Answered by the built-in offline mode: no AI model is configured">
            <PlugOffIcon size={14} aria-hidden="true" />
            Offline mode — no AI model configured
          </span>
        )}
        {view.reading && <ReadingCard card={view.reading} />}
        {steps ?? (view.plan && <TaskPlan plan={view.plan} answerText={view.text} initiallyOpen={live !== null} />)}
        {view.thinking && <ThinkingBlock thinking={view.thinking} />}
        <CitationScope citations={sources}>
          <SourcesStrip sources={sources} />
          {live && streaming && !view.text && <AnswerPhase state={live} />}
          {view.text && <Markdown text={view.text} streaming={streaming} />}
        </CitationScope>
        {live && streaming && view.text && live.stopping && <p className="answer-note">Stopping…</p>}

        {view.status === 'stopped' && (
          <p className="answer-stopped">
            <StopIcon size={14} aria-hidden="true" />
            Stopped
          </p>
        )}
        {view.status === 'failed' &&
          (cancelled ? (
            <p className="answer-stopped">
              <StopIcon size={14} aria-hidden="true" />
              Cancelled
            </p>
          ) : (
            <InlineAlert
              action={
                onRetry && (
                  <button type="button" className="btn btn-small" onClick={onRetry}>
                    <RefreshIcon size={16} />
                    Retry
                  </button>
                )
              }
            >
              {answerErrorMessage(view.error?.code ?? 'UNKNOWN')}
            </InlineAlert>
          ))}

        {view.files.length > 0 && (
          <div className="answer-files">
            {view.files.map((file) => (
              <FileView key={file.id} file={file} />
            ))}
          </div>
        )}

        <MemoriesUsed memories={view.memoriesUsed} />

        {/* Rendered (hidden) while streaming, so nothing jumps when the answer ends. */}
        <footer className={streaming ? 'message-actions is-pending' : 'message-actions'}>
          {view.text && <IconCopyButton text={view.text} label="Copy answer" />}
          {finished && (view.topic || view.model) && <AnswerInfo view={view} />}
          {finished && view.status !== 'failed' && !live?.incognito && view.chatId && view.messageId && <AnswerFeedback chatId={view.chatId} messageId={view.messageId} />}
          {finished && actions}
          {finished && note}
        </footer>
      </div>
    </article>
  );
}
