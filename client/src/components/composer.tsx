import { useId, type FormEvent, type KeyboardEvent, type Ref } from 'react';
import { AlertIcon, InfoIcon, SendIcon } from './icons';

interface ComposerProps {
  value: string;
  onChange: (value: string) => void;
  onSend: (text: string) => void;
  /** Shown under the input and read with it; `urgent` announces it as an alert. */
  notice: { text: string; urgent: boolean };
  textareaRef?: Ref<HTMLTextAreaElement>;
}

export function Composer({ value, onChange, onSend, notice, textareaRef }: ComposerProps) {
  const id = useId();
  const canSend = value.trim().length > 0;

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
          placeholder="Message Switchboard…"
          aria-describedby={`${id}-notice`}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={sendOnEnter}
        />
        <button type="submit" className="btn-icon btn-send" aria-label="Send message" disabled={!canSend}>
          <SendIcon size={18} />
        </button>
      </div>
      <p id={`${id}-notice`} className={notice.urgent ? 'composer-notice is-urgent' : 'composer-notice'} role={notice.urgent ? 'alert' : undefined}>
        {notice.urgent ? <AlertIcon size={16} /> : <InfoIcon size={16} />}
        {notice.text}
      </p>
    </form>
  );
}
