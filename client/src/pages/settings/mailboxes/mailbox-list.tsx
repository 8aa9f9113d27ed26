import { ChannelAccountList } from '../channel-account-list';
import type { Mailbox } from './mailboxes-api';

interface MailboxListProps {
  mailboxes: Mailbox[] | undefined;
  selectedId: string | null;
  /** A mailbox id, or 'new' to add one. */
  onSelect: (id: string) => void;
}

/** How the mailbox takes mail in: read over IMAP, or only what the webhook is given. */
function receiving(mailbox: Mailbox): string {
  return mailbox.config.imapHost ? `Reads ${mailbox.config.imapHost}` : 'Webhook only';
}

export function MailboxList({ mailboxes, selectedId, onSelect }: MailboxListProps) {
  return (
    <ChannelAccountList
      accounts={mailboxes}
      selectedId={selectedId}
      onSelect={onSelect}
      plural="mailboxes"
      label="Your mailboxes"
      newLabel="New mailbox"
      description={(mailbox) => `${mailbox.address} · ${receiving(mailbox)}`}
    />
  );
}
