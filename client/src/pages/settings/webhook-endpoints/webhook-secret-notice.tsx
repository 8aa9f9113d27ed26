import { CopyButton } from '../../../components/copy-button';
import { AlertIcon } from '../../../components/icons';

/** A secret the server has just shown, for the endpoint at `url`. */
export interface RevealedSecret {
  endpointId: string;
  url: string;
  secret: string;
  /** It replaces an earlier one. */
  rotated: boolean;
}

/** The only moment the signing secret exists in the browser: once dismissed, it is gone. */
export function WebhookSecretNotice({ revealed, onDone }: { revealed: RevealedSecret; onDone: () => void }) {
  return (
    <div className="new-key" role="region" aria-labelledby="webhook-secret-title">
      <h2 id="webhook-secret-title" className="card-title">
        {revealed.rotated ? 'New signing secret' : 'Signing secret'} for {revealed.url}
      </h2>
      <p className="new-key-warning">
        <AlertIcon size={18} />
        Copy it now. It won't be shown again.
      </p>
      <p className="muted">
        Your receiver checks the <code>X-Switchboard-Signature</code> header of every delivery with it.
        {revealed.rotated && ' The previous secret no longer works: give this one to your receiver now.'}
      </p>
      <div className="new-key-value">
        <input type="text" readOnly value={revealed.secret} aria-label="Signing secret" spellCheck={false} onFocus={(event) => event.currentTarget.select()} />
        <CopyButton text={revealed.secret} what="Secret" />
      </div>
      <button type="button" className="btn btn-primary" onClick={onDone}>
        I've saved it
      </button>
    </div>
  );
}
