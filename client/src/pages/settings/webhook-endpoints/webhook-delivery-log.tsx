import { DataTable } from '../../../components/data-table';
import { CheckCircleIcon, ClockIcon, RefreshIcon, XCircleIcon } from '../../../components/icons';
import { QueryError } from '../../../components/query-error';
import { formatDateTime, relativeTime } from '../../../lib/format';
import { showToast } from '../../../lib/toasts';
import { useResendWebhookDelivery, useWebhookDeliveries } from './use-webhooks';
import { actionErrorMessage } from './webhook-form';
import type { DeliveryStatus, WebhookDelivery } from './webhooks-api';

const STATUS: Record<DeliveryStatus, { label: string; className: string; Icon: typeof ClockIcon }> = {
  pending: { label: 'Pending', className: 'task-state task-state-running', Icon: ClockIcon },
  delivered: { label: 'Delivered', className: 'task-state task-state-done', Icon: CheckCircleIcon },
  failed: { label: 'Failed', className: 'task-state task-state-failed', Icon: XCircleIcon },
};

const EXCERPT_CHARS = 80;

/** What the last attempt got back, in a few words. */
function outcome(delivery: WebhookDelivery): string {
  if (delivery.attempts === 0) return delivery.error ?? 'Not sent yet';
  if (delivery.status === 'delivered') return `HTTP ${delivery.responseStatus ?? '?'}`;
  return delivery.error ?? `HTTP ${delivery.responseStatus ?? '?'}`;
}

/** The start of what the receiver answered, on one short line (the whole of it in the tooltip). */
function excerpt(response: string): string {
  const line = response.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}…` : line;
}

/** The endpoint's deliveries, newest first, each with a way to send it again. */
export function WebhookDeliveryLog({ endpointId }: { endpointId: string }) {
  const deliveries = useWebhookDeliveries(endpointId);
  const resend = useResendWebhookDelivery();

  if (deliveries.isError) return <QueryError error={deliveries.error} onRetry={() => void deliveries.refetch()} />;
  if (!deliveries.data) {
    return (
      <div className="table-skeleton" role="status">
        <span className="visually-hidden">Loading deliveries…</span>
        <span className="skeleton" />
      </div>
    );
  }

  return (
    <div className="stack">
      <div className="card-row">
        <p className="field-hint">Retried with growing pauses while your server fails; a pending delivery is still being tried.</p>
        <button type="button" className="btn btn-small" disabled={deliveries.isFetching} onClick={() => void deliveries.refetch()}>
          <RefreshIcon size={16} />
          Refresh
        </button>
      </div>
      {deliveries.data.length === 0 ? (
        <p className="muted">Nothing sent yet. Send a test event to try the endpoint.</p>
      ) : (
        <DataTable caption="Deliveries to this endpoint" columns={['When', 'Event', 'Status', 'Attempts', 'Last result']} actions>
          {deliveries.data.map((delivery) => {
            const { label, className, Icon } = STATUS[delivery.status];
            const resending = resend.isPending && resend.variables === delivery.id;
            return (
              <tr key={delivery.id}>
                <td className="nowrap">
                  <time dateTime={delivery.createdAt} title={formatDateTime(delivery.createdAt)}>
                    {relativeTime(delivery.createdAt)}
                  </time>
                </td>
                <td>
                  <code>{delivery.event}</code>
                  {delivery.resendOf && <span className="muted"> (resent)</span>}
                </td>
                <td>
                  <span className={className}>
                    <Icon size={14} />
                    {label}
                  </span>
                </td>
                <td>{delivery.attempts}</td>
                <td>
                  {outcome(delivery)}
                  {delivery.response && (
                    <div className="field-hint" title={delivery.response}>
                      {excerpt(delivery.response)}
                    </div>
                  )}
                </td>
                <td className="actions-cell">
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={delivery.status === 'pending' || resending}
                    title={delivery.status === 'pending' ? 'Still being tried' : 'Send the same payload again, as a new delivery'}
                    onClick={() =>
                      resend.mutate(delivery.id, {
                        onSuccess: () => showToast('Sent again: the new delivery is at the top of the log.', 'success'),
                        onError: (error) => showToast(actionErrorMessage(error), 'error'),
                      })
                    }
                  >
                    {resending ? 'Resending…' : 'Resend'}
                  </button>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      {deliveries.hasNextPage && (
        <button type="button" className="btn" disabled={deliveries.isFetchingNextPage} onClick={() => void deliveries.fetchNextPage()}>
          {deliveries.isFetchingNextPage ? 'Loading…' : 'Show older deliveries'}
        </button>
      )}
    </div>
  );
}
