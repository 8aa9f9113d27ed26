import { useState } from 'react';
import { itemsEmptyPane, TwoPaneSection } from '../two-pane-section';
import { useWebhookEndpoints } from './use-webhooks';
import { WebhookEndpointEditor } from './webhook-endpoint-editor';
import { WebhookEndpointList } from './webhook-endpoint-list';
import { WebhookSecretNotice, type RevealedSecret } from './webhook-secret-notice';

/**
 * Settings → Webhooks: the user's endpoints beside the editor of the chosen one, with its delivery
 * log. A secret the server has just shown is held here, above the panes, so it survives the editor
 * being replaced when a new endpoint is saved. `?endpoint=<id>` opens one.
 */
export function WebhookEndpointsSection() {
  const endpoints = useWebhookEndpoints();
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);

  return (
    <TwoPaneSection
      headingId="webhooks-heading"
      title="Webhooks"
      intro="Your own servers receive every finished answer as it ends, as signed JSON, retried while they are down."
      items={endpoints}
      param="endpoint"
      noun="endpoint"
      list={(selectedId, onSelect) => <WebhookEndpointList endpoints={endpoints.data} selectedId={selectedId} onSelect={onSelect} />}
      editor={(endpoint, handlers) => <WebhookEndpointEditor endpoint={endpoint} onSecret={setRevealed} {...handlers} />}
      empty={itemsEmptyPane(endpoints.data, {
        noun: 'endpoint',
        first: 'Give the address of a server of yours; Switchboard shows you the secret it signs with once.',
        choose: 'Pick one from the list to edit it and see its deliveries, or add a new one.',
      })}
    >
      {revealed && <WebhookSecretNotice revealed={revealed} onDone={() => setRevealed(null)} />}
    </TwoPaneSection>
  );
}
