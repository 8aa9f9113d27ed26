import { useState } from 'react';
import type { ApiKey } from '../../api/api-keys';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { TrashIcon } from '../../components/icons';
import { useRevokeApiKey } from '../../hooks/use-revoke-api-key';
import { errorMessage } from '../../lib/error-messages';
import { formatDate, formatDateTime } from '../../lib/format';

export function ApiKeyRow({ apiKey }: { apiKey: ApiKey }) {
  const revoke = useRevokeApiKey();
  const [confirming, setConfirming] = useState(false);

  return (
    <tr>
      <th scope="row">{apiKey.name}</th>
      <td>
        <code className="nowrap">{apiKey.prefix}…</code>
      </td>
      <td>
        {apiKey.scopes.length > 0 ? (
          <ul className="chips" aria-label="Scopes">
            {apiKey.scopes.map((scope) => (
              <li key={scope} className="chip">
                {scope}
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted">None</span>
        )}
      </td>
      <td className="nowrap">{formatDate(apiKey.createdAt)}</td>
      <td className="nowrap">{apiKey.lastUsedAt ? formatDateTime(apiKey.lastUsedAt) : <span className="muted">Never</span>}</td>
      <td className="actions-cell">
        <button
          type="button"
          className="btn-icon btn-icon-danger"
          aria-label={`Revoke ${apiKey.name}`}
          title="Revoke"
          onClick={() => setConfirming(true)}
        >
          <TrashIcon size={18} />
        </button>
        {confirming && (
          <ConfirmDialog
            title={`Revoke “${apiKey.name}”?`}
            confirmLabel={revoke.isPending ? 'Revoking…' : 'Revoke key'}
            pending={revoke.isPending}
            error={revoke.isError ? errorMessage(revoke.error) : undefined}
            onConfirm={() => revoke.mutate(apiKey.id)}
            onCancel={() => {
              setConfirming(false);
              revoke.reset();
            }}
          >
            <p className="muted">Anything using this key stops working at once. This can't be undone.</p>
          </ConfirmDialog>
        )}
      </td>
    </tr>
  );
}
