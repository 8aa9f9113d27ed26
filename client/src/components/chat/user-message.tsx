/** `contact`: in a WhatsApp or e-mail conversation the inbound messages are the other person's. */
export function UserMessage({ text, from = 'you' }: { text: string; from?: 'you' | 'contact' }) {
  return (
    <article className={from === 'contact' ? 'message message-user is-contact' : 'message message-user'} aria-label={from === 'contact' ? 'Their message' : 'Your message'}>
      <div className="message-bubble">{text}</div>
    </article>
  );
}
