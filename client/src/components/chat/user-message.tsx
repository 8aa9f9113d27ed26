import { useState, type KeyboardEvent } from 'react';
import { EditIcon } from '../icons';
import { MessageAttachments } from './attachment-chips';

interface UserMessageProps {
  text: string;
  fileIds?: readonly string[];
  /** `contact`: in a WhatsApp or e-mail conversation the inbound messages are the other person's. */
  from?: 'you' | 'contact';
  /** Offered on the chat's latest question: sends the edited text, answered anew. */
  onEdit?: (text: string) => void;
}

export function UserMessage({ text, fileIds = [], from = 'you', onEdit }: UserMessageProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const label = from === 'contact' ? 'Their message' : 'Your message';

  function send() {
    const edited = editing?.trim();
    if (!edited || !onEdit) return;
    setEditing(null);
    onEdit(edited);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Escape') {
      // Leaving the editor must not also stop an answer.
      event.preventDefault();
      event.stopPropagation();
      setEditing(null);
    } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  }

  return (
    <article className={from === 'contact' ? 'message message-user is-contact' : 'message message-user'} aria-label={label}>
      {editing !== null ? (
        <div className="message-edit">
          <textarea aria-label="Edit your message" value={editing} autoFocus onChange={(event) => setEditing(event.target.value)} onKeyDown={onKeyDown} />
          <div className="message-edit-buttons">
            <button type="button" className="btn btn-small" onClick={() => setEditing(null)}>
              Cancel
            </button>
            <button type="button" className="btn btn-small btn-primary" disabled={!editing.trim()} onClick={send}>
              Send
            </button>
          </div>
        </div>
      ) : (
        <div className="message-bubble">{text}</div>
      )}
      {fileIds.length > 0 && <MessageAttachments fileIds={fileIds} />}
      {onEdit && editing === null && (
        <div className="message-user-actions">
          <button type="button" className="btn-icon btn-icon-small" aria-label="Edit message" title="Edit and send again" onClick={() => setEditing(text)}>
            <EditIcon size={15} />
          </button>
        </div>
      )}
    </article>
  );
}
