import { PaneListFoot } from '../pane-list-foot';
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
    <div className="pane pane-list">
      {!mailboxes ? (
        <div className="table-skeleton" role="status">
          <span className="visually-hidden">Loading mailboxes…</span>
          <span className="skeleton" />
          <span className="skeleton" />
        </div>
      ) : mailboxes.length === 0 ? (
        <div className="pane-empty">
          <p className="muted">No mailboxes yet.</p>
        </div>
      ) : (
        <ul className="prompt-list" aria-label="Your mailboxes">
          {mailboxes.map((mailbox) => (
            <li key={mailbox.id}>
              <button type="button" className="prompt-item" aria-current={mailbox.id === selectedId ? 'true' : undefined} onClick={() => onSelect(mailbox.id)}>
                <span className="prompt-item-top">
                  <span className="widget-item-name">{mailbox.name}</span>
                  {mailbox.fromEnvironment ? (
                    <span className="badge badge-muted">Server</span>
                  ) : mailbox.active ? (
                    <span className="badge badge-custom">Active</span>
                  ) : (
                    <span className="badge badge-muted">Off</span>
                  )}
                </span>
                <span className="prompt-item-description">
                  {mailbox.address} · {receiving(mailbox)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <PaneListFoot label="New mailbox" onNew={() => onSelect('new')} />
    </div>
  );
}
