import { useId, type FormEvent, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { AlertIcon, InfoIcon, SendIcon, StopIcon } from './icons';

interface ComposerProps {
  value: string;
  onChange: (value: string) => void;
  onSend: (text: string) => void;
  /** An answer is being written: Send becomes Stop. */
  busy?: boolean;
  stopping?: boolean;
  onStop?: () => void;
  /** Shown under the input and read with it; `urgent` announces it as an alert. */
  notice?: { text: string; urgent: boolean };
  /** Controls beside the send button (the model picker). */
  tools?: ReactNode;
  textareaRef?: Ref<HTMLTextAreaElement>;
  /** What the box is for, when it is not a message to the AI (a reply on WhatsApp). */
  placeholder?: string;
  sendLabel?: string;
}

export function Composer({
  value,
  onChange,
  onSend,
  busy = false,
  stopping = false,
  onStop,
  notice,
  tools,
  textareaRef,
  placeholder = 'Message Switchboard…',
  sendLabel = 'Send message',
}: ComposerProps) {
  const id = useId();
  const canSend = value.trim().length > 0 && !busy;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (canSend) onSend(value.trim());
  }

  function sendOnEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter while an IME is composing confirms the candidate; it must not send (keyCode 229 for Safari).
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  }

  return (
    <form className="composer" onSubmit={submit}>
      <div className="composer-box">
        <label htmlFor={`${id}-input`} className="visually-hidden">
          Message
        </label>
        <textarea
          id={`${id}-input`}
          ref={textareaRef}
          rows={1}
          value={value}
          placeholder={placeholder}
          aria-describedby={notice ? `${id}-notice` : `${id}-hint`}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={sendOnEnter}
        />
        <div className="composer-toolbar">
          {tools}
          <span id={`${id}-hint`} className="composer-hint">
            {busy ? 'Esc stops the answer' : 'Enter to send · Shift+Enter for a new line'}
          </span>
          {busy ? (
            <button type="button" className="btn-icon btn-send btn-stop" aria-label={stopping ? 'Stopping…' : 'Stop answer'} title="Stop (Esc)" disabled={stopping} onClick={onStop}>
              <StopIcon size={16} />
            </button>
          ) : (
            <button type="submit" className="btn-icon btn-send" aria-label={sendLabel} title="Send (Enter)" disabled={!canSend}>
              <SendIcon size={18} />
            </button>
          )}
        </div>
      </div>
      {notice && (
        <p id={`${id}-notice`} className={notice.urgent ? 'composer-notice is-urgent' : 'composer-notice'} role={notice.urgent ? 'alert' : undefined}>
          {notice.urgent ? <AlertIcon size={16} /> : <InfoIcon size={16} />}
          {notice.text}
        </p>
      )}
    </form>
  );
}
