import type { ReactNode } from 'react';
import { SwitchField } from '../../components/switch';
import { TextField } from '../../components/text-field';

interface ChannelAccountFieldsProps {
  /** The group's legend, e.g. 'Mailbox'. */
  legend: string;
  creating: boolean;
  /** Set up by the server's environment: shown, never changed here. */
  readOnly: boolean;
  name: string;
  nameMaxLength: number;
  namePlaceholder: string;
  /** What the name is for, with this kind of account. */
  nameHint: string;
  nameError: string | undefined;
  active: boolean;
  /** What switching it off stops. */
  activeHint: string;
  onNameChange: (name: string) => void;
  onActiveChange: (active: boolean) => void;
  /** The account's own fields before its name, e.g. its address. */
  children: ReactNode;
}

/**
 * The first group of a channel account's form (a mailbox, a WhatsApp number): what identifies it,
 * its name, and, once it exists, whether it is switched on.
 */
export function ChannelAccountFields({
  legend,
  creating,
  readOnly,
  name,
  nameMaxLength,
  namePlaceholder,
  nameHint,
  nameError,
  active,
  activeHint,
  onNameChange,
  onActiveChange,
  children,
}: ChannelAccountFieldsProps) {
  return (
    <fieldset className="editor-group" disabled={readOnly}>
      <legend>{legend}</legend>
      <div className="form-grid">
        {children}
        <TextField
          label="Name"
          name="name"
          value={name}
          maxLength={nameMaxLength}
          autoComplete="off"
          placeholder={namePlaceholder}
          hint={nameHint}
          error={nameError}
          onChange={(event) => onNameChange(event.target.value)}
        />
      </div>
      {!creating && <SwitchField label="Active" hint={activeHint} checked={active} disabled={readOnly} onChange={onActiveChange} />}
    </fieldset>
  );
}
