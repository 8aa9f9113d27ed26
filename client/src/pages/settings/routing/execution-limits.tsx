import { useState, type FormEvent } from 'react';
import type { RoutingSettings } from '../../../api/routing';
import { InlineAlert } from '../../../components/inline-alert';
import { SavedNote } from '../../../components/saved-note';
import { TextField } from '../../../components/text-field';
import { useUpdateRoutingSettings } from '../../../hooks/use-update-routing-settings';
import { errorMessage } from '../../../lib/error-messages';

const PARALLEL = { min: 1, max: 8 };
const TIMEOUT = { min: 5, max: 600 };

/** How many tasks run at once and how long one may take. */
export function ExecutionLimits({ settings }: { settings: RoutingSettings }) {
  const update = useUpdateRoutingSettings();
  const [maxParallel, setMaxParallel] = useState(String(settings.maxParallel));
  const [nodeTimeoutS, setNodeTimeoutS] = useState(String(settings.nodeTimeoutS));
  const [savedAt, setSavedAt] = useState(0);
  const parallelError = rangeError(maxParallel, PARALLEL);
  const timeoutError = rangeError(nodeTimeoutS, TIMEOUT);
  const dirty = Number(maxParallel) !== settings.maxParallel || Number(nodeTimeoutS) !== settings.nodeTimeoutS;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (parallelError || timeoutError) return;
    update.mutate({ maxParallel: Number(maxParallel), nodeTimeoutS: Number(nodeTimeoutS) }, { onSuccess: () => setSavedAt(Date.now()) });
  }

  return (
    <form className="card stack" onSubmit={submit} noValidate>
      <div className="card-heading">
        <h2 className="card-title">Running tasks</h2>
        <SavedNote savedAt={savedAt} />
      </div>
      {update.isError && <InlineAlert>{errorMessage(update.error)}</InlineAlert>}
      <div className="form-grid">
        <TextField
          label="Tasks at once"
          name="maxParallel"
          type="number"
          inputMode="numeric"
          min={PARALLEL.min}
          max={PARALLEL.max}
          value={maxParallel}
          onChange={(event) => setMaxParallel(event.target.value)}
          hint={`Independent tasks (images, audio …) that may run in parallel, ${PARALLEL.min}–${PARALLEL.max}.`}
          error={parallelError}
        />
        <TextField
          label="Task time limit (seconds)"
          name="nodeTimeoutS"
          type="number"
          inputMode="numeric"
          min={TIMEOUT.min}
          max={TIMEOUT.max}
          value={nodeTimeoutS}
          onChange={(event) => setNodeTimeoutS(event.target.value)}
          hint={`A task taking longer fails, and the tasks after it are skipped. ${TIMEOUT.min}–${TIMEOUT.max} s.`}
          error={timeoutError}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!dirty || update.isPending}>
          {update.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}

function rangeError(value: string, range: { min: number; max: number }): string | undefined {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < range.min || number > range.max) {
    return `Enter a whole number from ${range.min} to ${range.max}`;
  }
  return undefined;
}
