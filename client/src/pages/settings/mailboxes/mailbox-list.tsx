import { PaneItemList, StatusBadge } from '../pane-item-list';
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
    <PaneItemList
      items={mailboxes}
      selectedId={selectedId}
      onSelect={onSelect}
      plural="mailboxes"
      label="Your mailboxes"
      newLabel="New mailbox"
      top={(mailbox) => (
        <>
          <span className="widget-item-name">{mailbox.name}</span>
          <StatusBadge active={mailbox.active} fromEnvironment={mailbox.fromEnvironment} />
        </>
      )}
      description={(mailbox) => `${mailbox.address} · ${receiving(mailbox)}`}
    />
  );
}
