import { useEffect, useId, useMemo, type FormEvent, type KeyboardEvent, type Ref } from 'react';
import { publishOnChannel } from '../../api/realtime';
import { widgetChannels } from '../../api/widgets';
import { SendIcon } from '../../components/icons';
import { useDraft } from '../../hooks/use-draft';
import { TypingNotices } from './typing-notices';

/** The server's limit for an operator reply (as for a visitor message). */
const REPLY_MAX = 4_000;
/** The server's limit for the text of a typing notice. */
const TYPING_TEXT_MAX = 500;

interface ReplyComposerProps {
  widgetId: string;
  sessionId: string;
  /** Only an operator who took the session over may reply. */
  canReply: boolean;
  takingOver: boolean;
  onTakeOver: () => void;
  onSend: (text: string) => void;
  textareaRef?: Ref<HTMLTextAreaElement>;
}

/**
 * The operator's reply box: Enter sends, Shift+Enter starts a new line. While typing, typing
 * notices go to the session's typing channel (throttled; empty when the box empties or typing
 * pauses). Outside human mode it says how to reply instead.
 */
export function ReplyComposer({ widgetId, sessionId, canReply, takingOver, onTakeOver, onSend, textareaRef }: ReplyComposerProps) {
  const id = useId();
  const [draft, setDraft] = useDraft(`live.${widgetId}.${sessionId}`);
  // One notice sender per session; leaving the session (or the page) says typing stopped.
  const typing = useMemo(() => {
    const channel = widgetChannels.typing(widgetId, sessionId);
    return new TypingNotices((text) => void publishOnChannel(channel, 'typing', { text: text.slice(0, TYPING_TEXT_MAX) }));
  }, [widgetId, sessionId]);
  useEffect(() => () => typing.stop(), [typing]);

  if (!canReply) {
    return (
      <div className="live-composer is-locked">
        <p>Take over to reply — replying pauses the AI.</p>
        <button type="button" className="btn btn-primary btn-small" onClick={onTakeOver} disabled={takingOver}>
          {takingOver ? 'Taking over…' : 'Take over'}
        </button>
      </div>
    );
  }

  const text = draft.trim();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!text || text.length > REPLY_MAX) return;
    onSend(text);
    setDraft('');
    typing.stop();
  }

  function sendOnEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter while an IME is composing confirms the candidate; it must not send (keyCode 229 for Safari).
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  }

  const tooLong = text.length > REPLY_MAX;
  return (
    <form className="live-composer" onSubmit={submit}>
      <div className="composer-box">
        <label htmlFor={`${id}-reply`} className="visually-hidden">
          Reply to the visitor
        </label>
        <textarea
          id={`${id}-reply`}
          ref={textareaRef}
          rows={2}
          value={draft}
          placeholder="Write to the visitor…"
          aria-describedby={`${id}-hint`}
          aria-invalid={tooLong ? true : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            typing.input(event.target.value);
          }}
          onBlur={() => typing.stop()}
          onKeyDown={sendOnEnter}
        />
        <div className="composer-toolbar">
          <span id={`${id}-hint`} className={tooLong ? 'composer-hint field-error' : 'composer-hint'}>
            {tooLong ? `Too long: ${text.length} of ${REPLY_MAX} characters` : 'Enter to send · Shift+Enter for a new line'}
          </span>
          <button type="submit" className="btn-icon btn-send" aria-label="Send reply" title="Send (Enter)" disabled={!text || tooLong}>
            <SendIcon size={18} />
          </button>
        </div>
      </div>
    </form>
  );
}
