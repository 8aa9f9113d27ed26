import { TwoPaneSection } from '../two-pane-section';
import { MailboxEditor } from './mailbox-editor';
import { MailboxList } from './mailbox-list';
import { useMailboxes } from './use-mailboxes';

/**
 * Settings → Mailboxes: the addresses people e-mail to reach the AI, beside the editor of the
 * chosen one (its IMAP and SMTP servers, passwords write-only, and a test). `?mailbox=<id>` opens one.
 */
export function MailboxesSection() {
  const mailboxes = useMailboxes();
  const none = mailboxes.data?.length === 0;

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
      empty={(selected) => ({
        title: none ? 'Add your first mailbox' : 'Choose a mailbox',
        text: none
          ? 'Give its address and the servers that read and send its mail; Switchboard answers what arrives.'
          : selected && mailboxes.data
            ? 'That mailbox no longer exists. Pick another one or add a new one.'
            : 'Pick one from the list to edit or test it, or add a new one.',
        newLabel: 'New mailbox',
        primary: true,
      })}
    />
  );
}
