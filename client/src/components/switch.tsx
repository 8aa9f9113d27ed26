import type { ReactNode } from 'react';

interface SwitchProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** What the switch turns on or off, for screen readers. */
  label: string;
  disabled?: boolean;
}

/** An On/Off switch that says its state in words as well as by position. */
export function Switch({ checked, onChange, label, disabled = false }: SwitchProps) {
  return (
    <button type="button" role="switch" aria-checked={checked} aria-label={label} className="switch" disabled={disabled} onClick={() => onChange(!checked)}>
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      <span className="switch-text" aria-hidden="true">
        {checked ? 'On' : 'Off'}
      </span>
    </button>
  );
}

interface SwitchFieldProps extends SwitchProps {
  /** What the field says beside the switch, when more than its label (e.g. with a code name). */
  title?: ReactNode;
  /** What switching it does, under the title. */
  hint: ReactNode;
}

/** A form row: the switch's title and what it does, beside the switch. */
export function SwitchField({ title, hint, ...props }: SwitchFieldProps) {
  return (
    <div className="field field-inline">
      <span className="field-label">
        {title ?? props.label}
        <span className="field-hint widget-inline-hint">{hint}</span>
      </span>
      <Switch {...props} />
    </div>
  );
}
