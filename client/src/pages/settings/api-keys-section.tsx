import { DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { KeyIcon } from '../../components/icons';
import { QueryError } from '../../components/query-error';
import { useApiKeys } from '../../hooks/use-api-keys';
import { useCreateApiKey } from '../../hooks/use-create-api-key';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { ApiKeyRow } from './api-key-row';
import { CreateApiKeyForm } from './create-api-key-form';
import { NewApiKeyNotice } from './new-api-key-notice';

export function ApiKeysSection() {
  useDocumentTitle('API keys');
  const keys = useApiKeys();
  const create = useCreateApiKey();

  return (
    <section className="settings-section" aria-labelledby="api-keys-heading">
      <header className="settings-header">
        <h1 id="api-keys-heading">API keys</h1>
        <p>
          Keys let your own code call Switchboard. Send one as <code>Authorization: Bearer sk_…</code> or{' '}
          <code>X-API-Key</code>.
        </p>
      </header>

      {create.data ? <NewApiKeyNotice apiKey={create.data} onDone={() => create.reset()} /> : <CreateApiKeyForm create={create} />}

      <div className="card card-flush">
        {keys.isPending ? (
          <div className="table-skeleton" role="status">
            <span className="visually-hidden">Loading keys…</span>
            <span className="skeleton" />
            <span className="skeleton" />
          </div>
        ) : keys.isError ? (
          <div className="card-pad">
            <QueryError error={keys.error} onRetry={() => void keys.refetch()} />
          </div>
        ) : keys.data.length === 0 ? (
          <EmptyState icon={<KeyIcon size={28} />} title="No API keys yet">
            <p className="muted">Create one above to connect your first integration.</p>
          </EmptyState>
        ) : (
          <DataTable caption="Your API keys" columns={['Name', 'Key', 'Scopes', 'Created', 'Last used']} actions>
            {keys.data.map((apiKey) => (
              <ApiKeyRow key={apiKey.id} apiKey={apiKey} />
            ))}
          </DataTable>
        )}
      </div>
    </section>
  );
}
