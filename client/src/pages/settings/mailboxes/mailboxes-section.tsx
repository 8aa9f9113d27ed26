import { itemsEmptyPane, TwoPaneSection } from '../two-pane-section';
import { MailboxEditor } from './mailbox-editor';
import { MailboxList } from './mailbox-list';
import { useMailboxes } from './use-mailboxes';

/**
 * Settings → Mailboxes: the addresses people e-mail to reach the AI, beside the editor of the
 * chosen one (its IMAP and SMTP servers, passwords write-only, and a test). `?mailbox=<id>` opens one.
 */
export function MailboxesSection() {
  const mailboxes = useMailboxes();

  return (
    <TwoPaneSection
      headingId="mailboxes-heading"
      title="Mailboxes"
      intro="Mail to these addresses is answered by the AI, from the same address, in the sender's thread. Their conversations appear among your chats."
      items={mailboxes}
      param="mailbox"
      noun="mailbox"
      list={(selectedId, onSelect) => <MailboxList mailboxes={mailboxes.data} selectedId={selectedId} onSelect={onSelect} />}
      editor={(mailbox, handlers) => <MailboxEditor mailbox={mailbox} {...handlers} />}
      empty={itemsEmptyPane(mailboxes.data, {
        noun: 'mailbox',
        first: 'Give its address and the servers that read and send its mail; Switchboard answers what arrives.',
        choose: 'Pick one from the list to edit or test it, or add a new one.',
      })}
    />
  );
}
