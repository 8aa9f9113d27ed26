import { PaneListFoot } from '../pane-list-foot';
import type { WhatsAppNumber } from './whatsapp-numbers-api';

interface WhatsAppNumberListProps {
  numbers: WhatsAppNumber[] | undefined;
  selectedId: string | null;
  /** A number id, or 'new' to add one. */
  onSelect: (id: string) => void;
}

export function WhatsAppNumberList({ numbers, selectedId, onSelect }: WhatsAppNumberListProps) {
  return (
    <div className="pane pane-list">
      {!numbers ? (
        <div className="table-skeleton" role="status">
          <span className="visually-hidden">Loading numbers…</span>
          <span className="skeleton" />
          <span className="skeleton" />
        </div>
      ) : numbers.length === 0 ? (
        <div className="pane-empty">
          <p className="muted">No numbers yet.</p>
        </div>
      ) : (
        <ul className="prompt-list" aria-label="Your WhatsApp numbers">
          {numbers.map((number) => (
            <li key={number.id}>
              <button type="button" className="prompt-item" aria-current={number.id === selectedId ? 'true' : undefined} onClick={() => onSelect(number.id)}>
                <span className="prompt-item-top">
                  <span className="widget-item-name">{number.name}</span>
                  {number.fromEnvironment ? (
                    <span className="badge badge-muted">Server</span>
                  ) : number.active ? (
                    <span className="badge badge-custom">Active</span>
                  ) : (
                    <span className="badge badge-muted">Off</span>
                  )}
                </span>
                <span className="prompt-item-description">{number.config.displayPhoneNumber ?? `Phone number id ${number.address}`}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <PaneListFoot label="New number" onNew={() => onSelect('new')} />
    </div>
  );
}
