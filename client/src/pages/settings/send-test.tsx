import { useState, type ReactNode } from 'react';
import { CheckCircleIcon, SendIcon } from '../../components/icons';
import { InlineAlert } from '../../components/inline-alert';
import { TextField } from '../../components/text-field';
import { errorMessage } from '../../lib/error-messages';

interface SendTestProps {
  /** The recipient field's label, e.g. 'Send a test mail to'. */
  label: string;
  type: 'email' | 'tel';
  autoComplete: string;
  placeholder: string;
  /** Said under the field while the settings are saved. */
  hint: string;
  /** The editor holds unsaved changes: the test would try the saved settings. */
  unsaved: boolean;
  /** Who the test goes to while the field is empty. */
  defaultTo?: string;
  sendLabel: string;
  sendingLabel: string;
  pending: boolean;
  /** Why the request failed, when it did. */
  error: unknown;
  onSend: (to: string) => void;
  /** What the test found. */
  children?: ReactNode;
}

/** A channel account editor's test: sends something from the saved account to someone, then shows what happened. */
export function SendTest({ label, type, autoComplete, placeholder, hint, unsaved, defaultTo, sendLabel, sendingLabel, pending, error, onSend, children }: SendTestProps) {
  const [to, setTo] = useState('');
  const recipient = to.trim() || defaultTo || '';

  return (
    <fieldset className="editor-group">
      <legend>Test</legend>
      <div className="form-grid">
        <TextField
          label={label}
          name="test-to"
          type={type}
          value={to}
          autoComplete={autoComplete}
          placeholder={placeholder}
          hint={unsaved ? 'Tests the saved settings: save your changes first.' : hint}
          onChange={(event) => setTo(event.target.value)}
        />
      </div>
      <div>
        <button type="button" className="btn btn-small" disabled={pending || recipient === ''} onClick={() => onSend(recipient)}>
          <SendIcon size={16} />
          {pending ? sendingLabel : sendLabel}
        </button>
      </div>
      {error !== null && error !== undefined && <InlineAlert>{errorMessage(error)}</InlineAlert>}
      {children}
    </fieldset>
  );
}

/** One thing a test found: that it worked, or what went wrong. */
export function TestCheck({ check, role }: { check: { ok: boolean; message: string }; role?: 'status' }) {
  return check.ok ? (
    <p className="field-hint" role={role}>
      <CheckCircleIcon size={16} /> {check.message}
    </p>
  ) : (
    <InlineAlert>{check.message}</InlineAlert>
  );
}
