import { MessageAttachments } from './attachment-chips';

/** `contact`: in a WhatsApp or e-mail conversation the inbound messages are the other person's. */
export function UserMessage({ text, fileIds = [], from = 'you' }: { text: string; fileIds?: readonly string[]; from?: 'you' | 'contact' }) {
  return (
    <article className={from === 'contact' ? 'message message-user is-contact' : 'message message-user'} aria-label={from === 'contact' ? 'Their message' : 'Your message'}>
      <div className="message-bubble">{text}</div>
      {fileIds.length > 0 && <MessageAttachments fileIds={fileIds} />}
    </article>
  );
}
