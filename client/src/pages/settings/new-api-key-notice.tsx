import { CopyButton } from '../../components/copy-button';
import { AlertIcon } from '../../components/icons';
import type { CreatedApiKey } from '../../api/api-keys';

/** The only moment the plain key exists in the browser: once dismissed, it is gone. */
export function NewApiKeyNotice({ apiKey, onDone }: { apiKey: CreatedApiKey; onDone: () => void }) {
  return (
    <div className="new-key" role="region" aria-labelledby="new-key-title">
      <h2 id="new-key-title" className="card-title">
        Your new key “{apiKey.name}”
      </h2>
      <p className="new-key-warning">
        <AlertIcon size={18} />
        Copy it now. It won't be shown again.
      </p>
      <div className="new-key-value">
        <input
          type="text"
          readOnly
          value={apiKey.key}
          aria-label="New API key"
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton text={apiKey.key} what="Key" />
      </div>
      <button type="button" className="btn btn-primary" onClick={onDone}>
        I've saved it
      </button>
    </div>
  );
}
