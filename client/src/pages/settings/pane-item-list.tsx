import type { ReactNode } from 'react';
import { PaneListFoot } from './pane-list-foot';

interface PaneItemListProps<T extends { id: string }> {
  items: T[] | undefined;
  selectedId: string | null;
  /** An item's id, or 'new' to add one. */
  onSelect: (id: string) => void;
  /** What the items are called, e.g. 'mailboxes', in "Loading mailboxes…" and "No mailboxes yet." */
  plural: string;
  /** The list's accessible name, e.g. 'Your mailboxes'. */
  label: string;
  /** The foot's button, e.g. 'New mailbox'. */
  newLabel: string;
  /** An item's first line: its name and badges. */
  top: (item: T) => ReactNode;
  /** An item's second line. */
  description: (item: T) => ReactNode;
}

/** The list pane of a settings section: its items (or a skeleton while loading), the chosen one marked, and a button to add one. */
export function PaneItemList<T extends { id: string }>({ items, selectedId, onSelect, plural, label, newLabel, top, description }: PaneItemListProps<T>) {
  return (
    <div className="pane pane-list">
      {!items ? (
        <div className="table-skeleton" role="status">
          <span className="visually-hidden">Loading {plural}…</span>
          <span className="skeleton" />
          <span className="skeleton" />
        </div>
      ) : items.length === 0 ? (
        <div className="pane-empty">
          <p className="muted">No {plural} yet.</p>
        </div>
      ) : (
        <ul className="prompt-list" aria-label={label}>
          {items.map((item) => (
            <li key={item.id}>
              <button type="button" className="prompt-item" aria-current={item.id === selectedId ? 'true' : undefined} onClick={() => onSelect(item.id)}>
                <span className="prompt-item-top">{top(item)}</span>
                <span className="prompt-item-description">{description(item)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <PaneListFoot label={newLabel} onNew={() => onSelect('new')} />
    </div>
  );
}

/** Whether an item is switched on; one set up by the server's environment says so instead. */
export function StatusBadge({ active, fromEnvironment = false }: { active: boolean; fromEnvironment?: boolean }) {
  if (fromEnvironment) return <span className="badge badge-muted">Server</span>;
  return active ? <span className="badge badge-custom">Active</span> : <span className="badge badge-muted">Off</span>;
}
