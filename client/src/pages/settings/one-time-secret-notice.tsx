import { useId, type ReactNode } from 'react';
import { CopyButton } from '../../components/copy-button';
import { AlertIcon } from '../../components/icons';

interface OneTimeSecretNoticeProps {
  title: ReactNode;
  /** Says what to do with it, under the warning. */
  children?: ReactNode;
  secret: string;
  /** The field's accessible name, e.g. 'New API key'. */
  label: string;
  /** What the copy button copies, e.g. 'Key'. */
  what: string;
  onDone: () => void;
}

/** The only moment a secret exists in the browser (an API key, a signing secret): once dismissed, it is gone. */
export function OneTimeSecretNotice({ title, children, secret, label, what, onDone }: OneTimeSecretNoticeProps) {
  const titleId = useId();
  return (
    <div className="new-key" role="region" aria-labelledby={titleId}>
      <h2 id={titleId} className="card-title">
        {title}
      </h2>
      <p className="new-key-warning">
        <AlertIcon size={18} />
        Copy it now. It won't be shown again.
      </p>
      {children}
      <div className="new-key-value">
        <input type="text" readOnly value={secret} aria-label={label} spellCheck={false} onFocus={(event) => event.currentTarget.select()} />
        <CopyButton text={secret} what={what} />
      </div>
      <button type="button" className="btn btn-primary" onClick={onDone}>
        I've saved it
      </button>
    </div>
  );
}
