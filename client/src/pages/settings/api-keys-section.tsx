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
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">Your API keys</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.map((apiKey) => (
                  <ApiKeyRow key={apiKey.id} apiKey={apiKey} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
