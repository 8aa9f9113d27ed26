import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { FEEDBACK_NOTE_MAX, type FeedbackKind } from '../../api/feedback';
import { useChatFeedback, useSetFeedback, type FeedbackChange } from '../../hooks/use-feedback';
import { errorMessage } from '../../lib/error-messages';
import { showToast } from '../../lib/toasts';
import { ThumbDownIcon, ThumbUpIcon } from '../icons';
import { SavedNote } from '../saved-note';

/**
 * 👍 / 👎 on a finished answer. Pressing the active thumb again takes the feedback back; 👎 asks
 * for an optional note (the thumb is saved at once, the note replaces it with the note added).
 */
export function AnswerFeedback({ chatId, messageId }: { chatId: string; messageId: string }) {
  const feedback = useChatFeedback(chatId);
  const set = useSetFeedback(chatId, messageId);
  const current = feedback.data?.find((item) => item.messageId === messageId) ?? null;
  const [noteOpen, setNoteOpen] = useState(false);
  const [noteSavedAt, setNoteSavedAt] = useState(0);
  const downRef = useRef<HTMLButtonElement>(null);

  function change(next: FeedbackChange, failure: string, onSuccess?: () => void) {
    set.mutate(next, { onSuccess, onError: (error) => showToast(`${failure}: ${errorMessage(error)}`, 'error') });
  }

  function press(kind: FeedbackKind) {
    const next = current?.kind === kind ? null : kind;
    change({ kind: next }, next ? 'Your feedback was not saved' : 'Your feedback was not removed');
    setNoteOpen(next === 'negative');
  }

  function closeNote() {
    setNoteOpen(false);
    downRef.current?.focus();
  }

  const label = (kind: FeedbackKind) => (kind === 'positive' ? 'Good answer' : 'Bad answer');
  return (
    <>
      <span className="answer-feedback" role="group" aria-label="Rate this answer">
        {(['positive', 'negative'] as const).map((kind) => (
          <button
            key={kind}
            ref={kind === 'negative' ? downRef : undefined}
            type="button"
            className="btn-icon btn-icon-small feedback-button"
            aria-label={label(kind)}
            aria-pressed={current?.kind === kind}
            title={current?.kind === kind ? `${label(kind)} (press again to take it back)${current.note ? `: “${current.note}”` : ''}` : label(kind)}
            disabled={feedback.isPending}
            onClick={() => press(kind)}
          >
            {kind === 'positive' ? <ThumbUpIcon size={16} /> : <ThumbDownIcon size={16} />}
          </button>
        ))}
      </span>
      <SavedNote savedAt={noteSavedAt} />
      {noteOpen && current?.kind === 'negative' && (
        <FeedbackNote
          initial={current.note ?? ''}
          onSend={(note) => {
            change({ kind: 'negative', note }, 'Your note was not saved', () => setNoteSavedAt(Date.now()));
            closeNote();
          }}
          onSkip={closeNote}
        />
      )}
    </>
  );
}

/** The optional "what was wrong?" line after 👎: Enter sends, Esc skips. */
function FeedbackNote({ initial, onSend, onSkip }: { initial: string; onSend: (note: string) => void; onSkip: () => void }) {
  const id = useId();
  const [note, setNote] = useState(initial);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = note.trim();
    if (text) onSend(text);
    else onSkip();
  }

  function skipOnEscape(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key !== 'Escape') return;
    // Esc here closes the note; it must not also stop an answer streaming elsewhere in the chat.
    event.preventDefault();
    event.stopPropagation();
    onSkip();
  }

  return (
    <form className="feedback-note" onSubmit={submit} onKeyDown={skipOnEscape}>
      <label htmlFor={id} className="feedback-note-label">
        What was wrong? <span className="muted">(optional)</span>
      </label>
      <div className="feedback-note-row">
        <input
          id={id}
          ref={inputRef}
          className="feedback-note-input"
          value={note}
          maxLength={FEEDBACK_NOTE_MAX}
          placeholder="e.g. It got the date wrong"
          autoComplete="off"
          onChange={(event) => setNote(event.target.value)}
        />
        <button type="submit" className="btn btn-small btn-primary" disabled={!note.trim()}>
          Send
        </button>
        <button type="button" className="btn btn-small" onClick={onSkip}>
          Skip
        </button>
      </div>
    </form>
  );
}
