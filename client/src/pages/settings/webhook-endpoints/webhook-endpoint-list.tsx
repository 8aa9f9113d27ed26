import { PaneListFoot } from '../pane-list-foot';
import type { WebhookEndpoint } from './webhooks-api';

interface WebhookEndpointListProps {
  endpoints: WebhookEndpoint[] | undefined;
  selectedId: string | null;
  /** An endpoint id, or 'new' to add one. */
  onSelect: (id: string) => void;
}

export function WebhookEndpointList({ endpoints, selectedId, onSelect }: WebhookEndpointListProps) {
  return (
    <div className="pane pane-list">
      {!endpoints ? (
        <div className="table-skeleton" role="status">
          <span className="visually-hidden">Loading endpoints…</span>
          <span className="skeleton" />
          <span className="skeleton" />
        </div>
      ) : endpoints.length === 0 ? (
        <div className="pane-empty">
          <p className="muted">No endpoints yet.</p>
        </div>
      ) : (
        <ul className="prompt-list" aria-label="Your webhook endpoints">
          {endpoints.map((endpoint) => (
            <li key={endpoint.id}>
              <button type="button" className="prompt-item" aria-current={endpoint.id === selectedId ? 'true' : undefined} onClick={() => onSelect(endpoint.id)}>
                <span className="prompt-item-top">
                  <span className="widget-item-name">{endpoint.description || new URL(endpoint.url).host}</span>
                  {endpoint.active ? <span className="badge badge-custom">Active</span> : <span className="badge badge-muted">Off</span>}
                </span>
                <span className="prompt-item-description">{endpoint.url}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <PaneListFoot label="New endpoint" onNew={() => onSelect('new')} />
    </div>
  );
}
