import { useId, useRef, type ClipboardEvent, type FormEvent, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import type { Attachment } from '../lib/attachments';
import { AttachmentChips } from './chat/attachment-chips';
import { AlertIcon, EyeOffIcon, InfoIcon, PaperclipIcon, SendIcon, StopIcon } from './icons';

/** Files attached to the message being written (the chat composer; not a reply on WhatsApp or e-mail). */
export interface ComposerAttachments {
  items: readonly Attachment[];
  /** Send waits while bytes are uploading; a failed file must be removed first. */
  blocker: 'uploading' | 'failed' | null;
  onAdd: (files: File[]) => void;
  onRemove: (key: string) => void;
}

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
  attachments?: ComposerAttachments;
  /** The incognito switch: on, nothing of the next message is stored (nor is the draft). */
  incognito?: { on: boolean; onChange: (on: boolean) => void };
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
  attachments,
  incognito,
}: ComposerProps) {
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const blocker = attachments?.blocker ?? null;
  const canSend = value.trim().length > 0 && !busy && blocker === null;

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

  function attachPasted(event: ClipboardEvent<HTMLTextAreaElement>) {
    const files = [...event.clipboardData.files];
    if (!attachments || files.length === 0) return;
    event.preventDefault();
    attachments.onAdd(files);
  }

  const hint = busy
    ? 'Esc stops the answer'
    : blocker === 'uploading'
      ? 'Send is ready when the upload finishes'
      : blocker === 'failed'
        ? 'Remove the file that failed to send the message'
        : 'Enter to send · Shift+Enter for a new line';

  return (
    <form className="composer" onSubmit={submit}>
      <div className={incognito?.on ? 'composer-box is-incognito' : 'composer-box'}>
        {attachments && <AttachmentChips items={attachments.items} onRemove={attachments.onRemove} />}
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
          onPaste={attachPasted}
        />
        <div className="composer-toolbar">
          {attachments && (
            <>
              <button type="button" className="btn-icon" aria-label="Attach files" title="Attach files (or drop or paste them)" onClick={() => fileInput.current?.click()}>
                <PaperclipIcon size={18} />
              </button>
              <input
                ref={fileInput}
                type="file"
                multiple
                hidden
                aria-label="Files to attach"
                onChange={(event) => {
                  const files = [...(event.target.files ?? [])];
                  // The same file may be picked again after being removed.
                  event.target.value = '';
                  if (files.length > 0) attachments.onAdd(files);
                }}
              />
            </>
          )}
          {tools}
          {incognito && (
            <button
              type="button"
              className="btn-ghost incognito-toggle"
              aria-pressed={incognito.on}
              title={incognito.on ? 'Incognito: nothing is saved. Click to save chats again.' : 'Incognito: send without saving anything'}
              onClick={() => incognito.onChange(!incognito.on)}
            >
              <EyeOffIcon size={16} />
              Incognito
            </button>
          )}
          <span id={`${id}-hint`} className="composer-hint">
            {hint}
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
