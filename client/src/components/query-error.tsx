import { errorMessage } from '../lib/error-messages';
import { InlineAlert } from './inline-alert';

/** A failed load, in place, with a way to try again. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <InlineAlert
      action={
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Retry
        </button>
      }
    >
      {errorMessage(error)}
    </InlineAlert>
  );
}
