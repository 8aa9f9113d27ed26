import { PaneItemList, StatusBadge } from '../pane-item-list';
import type { WebhookEndpoint } from './webhooks-api';

interface WebhookEndpointListProps {
  endpoints: WebhookEndpoint[] | undefined;
  selectedId: string | null;
  /** An endpoint id, or 'new' to add one. */
  onSelect: (id: string) => void;
}

export function WebhookEndpointList({ endpoints, selectedId, onSelect }: WebhookEndpointListProps) {
  return (
    <PaneItemList
      items={endpoints}
      selectedId={selectedId}
      onSelect={onSelect}
      plural="endpoints"
      label="Your webhook endpoints"
      newLabel="New endpoint"
      top={(endpoint) => (
        <>
          <span className="widget-item-name">{endpoint.description || new URL(endpoint.url).host}</span>
          <StatusBadge active={endpoint.active} />
        </>
      )}
      description={(endpoint) => endpoint.url}
    />
  );
}
