import { useId, type KeyboardEvent } from 'react';

interface SegmentedProps<T> {
  label: string;
  options: ReadonlyArray<{ value: T; label: string }>;
  value: T;
  onChange: (value: T) => void;
}

/** A choice of a few values shown side by side (a radio group; arrows move between them). */
export function Segmented<T>({ label, options, value, onChange }: SegmentedProps<T>) {
  const id = useId();
  const index = Math.max(0, options.findIndex((option) => option.value === value));

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = options[(index + step + options.length) % options.length];
    if (next) onChange(next.value);
    const buttons = event.currentTarget.querySelectorAll<HTMLButtonElement>('[role="radio"]');
    buttons[(index + step + options.length) % options.length]?.focus();
  }

  return (
    <div className="segmented" role="radiogroup" aria-label={label} onKeyDown={onKeyDown}>
      {options.map((option, position) => (
        <button
          key={`${id}-${position}`}
          type="button"
          role="radio"
          aria-checked={position === index}
          tabIndex={position === index ? 0 : -1}
          className="segmented-option"
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
