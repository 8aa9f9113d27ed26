export function UserMessage({ text }: { text: string }) {
  return (
    <article className="message message-user" aria-label="Your message">
      <div className="message-bubble">{text}</div>
    </article>
  );
}
