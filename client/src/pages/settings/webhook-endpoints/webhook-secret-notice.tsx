import { OneTimeSecretNotice } from '../one-time-secret-notice';

/** A secret the server has just shown, for the endpoint at `url`. */
export interface RevealedSecret {
  endpointId: string;
  url: string;
  secret: string;
  /** It replaces an earlier one. */
  rotated: boolean;
}

/** The signing secret, shown once after it was made (creation, rotation). */
export function WebhookSecretNotice({ revealed, onDone }: { revealed: RevealedSecret; onDone: () => void }) {
  return (
    <OneTimeSecretNotice
      title={`${revealed.rotated ? 'New signing secret' : 'Signing secret'} for ${revealed.url}`}
      secret={revealed.secret}
      label="Signing secret"
      what="Secret"
      onDone={onDone}
    >
      <p className="muted">
        Your receiver checks the <code>X-Switchboard-Signature</code> header of every delivery with it.
        {revealed.rotated && ' The previous secret no longer works: give this one to your receiver now.'}
      </p>
    </OneTimeSecretNotice>
  );
}
