import { useState } from 'react';
import { MODEL_CAPABILITIES, type Model, type ModelSettings } from '../../../api/models';
import { DataTable } from '../../../components/data-table';
import { InlineAlert } from '../../../components/inline-alert';
import { QueryError } from '../../../components/query-error';
import { SavedNote } from '../../../components/saved-note';
import { Segmented } from '../../../components/segmented';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { useMe } from '../../../hooks/use-me';
import { useModelSettings } from '../../../hooks/use-model-settings';
import { useModels } from '../../../hooks/use-models';
import { useUpdateModelSettings } from '../../../hooks/use-update-model-settings';
import { MODEL_CAPABILITY_LABELS } from '../../../lib/capabilities';
import { errorMessage } from '../../../lib/error-messages';

type Scope = 'user' | 'global';

const SCOPES = [
  { value: 'user' as const, label: 'Just for me' },
  { value: 'global' as const, label: 'Workspace defaults' },
];

/** Which model does each kind of work: the workspace defaults (admins) and one's own choices. */
export function ModelsSection() {
  useDocumentTitle('Models');
  const me = useMe();
  const models = useModels();
  const settings = useModelSettings();
  const update = useUpdateModelSettings();
  const [scope, setScope] = useState<Scope>('user');
  const [savedAt, setSavedAt] = useState(0);
  const isAdmin = me.data?.role === 'admin';
  const offlineOnly = models.data !== undefined && models.data.every((model) => model.offline);

  function choose(capability: string, modelId: string | null) {
    update.mutate({ scope, bindings: { [capability]: modelId } }, { onSuccess: () => setSavedAt(Date.now()) });
  }

  return (
    <section className="settings-section" aria-labelledby="models-heading">
      <header className="settings-header">
        <h1 id="models-heading">Models</h1>
        <p>
          Choose the AI model for each kind of work.{' '}
          {isAdmin ? 'Workspace defaults apply to everyone who has not chosen otherwise.' : 'Your choices apply to your own messages only.'}
        </p>
      </header>

      {offlineOnly && (
        <div className="notice notice-warning">
          No AI provider is configured, so Switchboard runs in offline mode: answers quote the material you provide. An administrator can connect a
          provider on the server (OPENAI_API_KEY, ANTHROPIC_API_KEY or OLLAMA_URL).
        </div>
      )}

      {isAdmin && (
        <div className="section-toolbar">
          <Segmented label="Settings for" options={SCOPES} value={scope} onChange={setScope} />
          <SavedNote savedAt={savedAt} />
        </div>
      )}
      {update.isError && <InlineAlert>{errorMessage(update.error)}</InlineAlert>}

      <div className="card card-flush">
        {models.isError || settings.isError ? (
          <div className="card-pad">
            <QueryError
              error={models.error ?? settings.error}
              onRetry={() => {
                void models.refetch();
                void settings.refetch();
              }}
            />
          </div>
        ) : !models.data || !settings.data ? (
          <div className="table-skeleton" role="status">
            <span className="visually-hidden">Loading models…</span>
            <span className="skeleton" />
            <span className="skeleton" />
            <span className="skeleton" />
          </div>
        ) : (
          <BindingsTable models={models.data} settings={settings.data} scope={scope} pending={update.isPending} onChoose={choose} />
        )}
      </div>
      {!isAdmin && <SavedNote savedAt={savedAt} />}
    </section>
  );
}

interface BindingsTableProps {
  models: Model[];
  settings: ModelSettings;
  scope: Scope;
  pending: boolean;
  onChoose: (capability: string, modelId: string | null) => void;
}

function BindingsTable({ models, settings, scope, pending, onChoose }: BindingsTableProps) {
  const label = (id: string | null | undefined) => (id ? (models.find((model) => model.id === id)?.label ?? id) : null);
  return (
    <DataTable caption={scope === 'global' ? 'Workspace model defaults' : 'Your model choices'} columns={['Work', 'Model', 'In use for you']}>
      {MODEL_CAPABILITIES.map((capability) => {
        const info = MODEL_CAPABILITY_LABELS[capability];
        const candidates = models.filter((model) => model.capabilities.includes(capability));
        const value = (scope === 'global' ? settings.global[capability] : settings.user[capability]) ?? '';
        const fallback = scope === 'global' ? 'Automatic (first suitable model)' : `Workspace default${settings.global[capability] ? ` (${label(settings.global[capability])})` : ''}`;
        const selectId = `binding-${capability}`;
        return (
          <tr key={capability}>
            <th scope="row">
              <label htmlFor={selectId} className="binding-label">
                {info?.label ?? capability}
                <span className="muted">{info?.hint}</span>
              </label>
            </th>
            <td>
              <select
                id={selectId}
                className="select"
                value={value}
                disabled={pending || candidates.length === 0}
                onChange={(event) => onChoose(capability, event.target.value || null)}
              >
                <option value="">{candidates.length === 0 ? 'No model can do this' : fallback}</option>
                {candidates.map((model) => (
                  <option key={model.id} value={model.id}>
                    {model.label}
                  </option>
                ))}
              </select>
            </td>
            <td className="muted">{label(settings.effective[capability]) ?? 'None'}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
