import { useId, useState, type KeyboardEvent } from 'react';
import { CloseIcon } from './icons';

interface ChipInputProps {
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  placeholder?: string;
  hint?: string;
  maxLength?: number;
}

/** A list of short texts: type and press Enter (or comma) to add, × or Backspace to remove. */
export function ChipInput({ label, values, onChange, placeholder, hint, maxLength = 200 }: ChipInputProps) {
  const [text, setText] = useState('');
  const id = useId();

  function add(raw: string) {
    const value = raw.trim();
    setText('');
    if (!value || values.some((existing) => existing.toLowerCase() === value.toLowerCase())) return;
    onChange([...values, value]);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if ((event.key === 'Enter' || event.key === ',') && !event.nativeEvent.isComposing) {
      event.preventDefault();
      add(text);
    } else if (event.key === 'Backspace' && text === '' && values.length > 0) {
      onChange(values.slice(0, -1));
    }
  }

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="chip-input">
        {values.length > 0 && (
          <ul className="chips" aria-label={label}>
            {values.map((value) => (
              <li key={value} className="chip chip-removable">
                {value}
                <button type="button" aria-label={`Remove “${value}”`} onClick={() => onChange(values.filter((existing) => existing !== value))}>
                  <CloseIcon size={12} />
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          id={id}
          value={text}
          maxLength={maxLength}
          placeholder={placeholder}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => add(text)}
        />
      </div>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
