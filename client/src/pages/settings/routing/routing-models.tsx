import { useState } from 'react';
import type { RoutingSettings } from '../../../api/routing';
import { InlineAlert } from '../../../components/inline-alert';
import { SavedNote } from '../../../components/saved-note';
import { useModels } from '../../../hooks/use-models';
import { useUpdateRoutingSettings } from '../../../hooks/use-update-routing-settings';
import { errorMessage } from '../../../lib/error-messages';

/** Planner and sorter models; each saves on change ("Auto" follows the capability binding). */
export function RoutingModels({ settings }: { settings: RoutingSettings }) {
  const models = useModels();
  const update = useUpdateRoutingSettings();
  const [savedAt, setSavedAt] = useState(0);

  function choose(change: Pick<RoutingSettings, 'plannerModel'> | Pick<RoutingSettings, 'sorterModel'>) {
    update.mutate(change, { onSuccess: () => setSavedAt(Date.now()) });
  }

  const rows = [
    {
      key: 'plannerModel' as const,
      label: 'Planner model',
      capability: 'PLAN' as const,
      hint: 'Makes the task plans. Auto uses the model bound to Planning (PLAN) under Models.',
    },
    {
      key: 'sorterModel' as const,
      label: 'Sorter model',
      capability: 'SORT' as const,
      hint: 'Picks topic and language when no selection rule matches. Auto uses the Sorting (SORT) binding.',
    },
  ];

  return (
    <div className="card stack">
      <div className="card-heading">
        <h2 className="card-title">Models</h2>
        <SavedNote savedAt={savedAt} />
      </div>
      {update.isError && <InlineAlert>{errorMessage(update.error)}</InlineAlert>}
      <div className="form-grid">
        {rows.map((row) => {
          const candidates = models.data?.filter((model) => model.capabilities.includes(row.capability)) ?? [];
          const value = settings[row.key] ?? '';
          return (
            <div className="field" key={row.key}>
              <label htmlFor={`routing-${row.key}`}>{row.label}</label>
              <select
                id={`routing-${row.key}`}
                className="select"
                value={value}
                aria-describedby={`routing-${row.key}-hint`}
                onChange={(event) => choose({ [row.key]: event.target.value || null } as Pick<RoutingSettings, typeof row.key>)}
              >
                <option value="">Auto (use the {row.capability} binding)</option>
                {value && !candidates.some((model) => model.id === value) && <option value={value}>{value} (unavailable)</option>}
                {candidates.map((model) => (
                  <option key={model.id} value={model.id}>
                    {model.label}
                  </option>
                ))}
              </select>
              <p id={`routing-${row.key}-hint`} className="field-hint">
                {row.hint}
              </p>
            </div>
          );
        })}
      </div>
    </div>
  );
}
