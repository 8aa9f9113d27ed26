import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Model } from '../../api/models';
import { CheckIcon, ChevronDownIcon, ChipIcon, SearchIcon } from '../icons';

interface ModelPickerProps {
  models: Model[];
  /** null: automatic (the CHAT binding). */
  value: string | null;
  onChange: (id: string | null) => void;
  disabled?: boolean;
  /** The button says this instead of the chosen model: a picker that acts on the pick ("Again with model…"). */
  actionLabel?: string;
}

interface Option {
  id: string | null;
  label: string;
  detail: string;
  offline: boolean;
}

const AUTO: Option = { id: null, label: 'Automatic', detail: 'The model set up for chat', offline: false };

/** A searchable model list: type to filter, arrows to move, Enter to pick, Escape to close. */
export function ModelPicker({ models, value, onChange, disabled = false, actionLabel }: ModelPickerProps) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const id = useId();

  const options = useMemo(() => {
    const chatModels = models
      .filter((model) => model.capabilities.includes('CHAT'))
      .map((model): Option => ({ id: model.id, label: model.label, detail: model.offline ? 'Offline · no AI model' : model.provider, offline: model.offline }));
    const needle = query.trim().toLowerCase();
    const all = [AUTO, ...chatModels];
    return needle ? all.filter((option) => `${option.label} ${option.detail}`.toLowerCase().includes(needle)) : all;
  }, [models, query]);

  const selected = models.find((model) => model.id === value);

  useEffect(() => {
    if (!open) return;
    const close = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);

  function pick(option: Option) {
    onChange(option.id);
    setOpen(false);
    buttonRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (index + step + options.length) % Math.max(options.length, 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const option = options[active];
      if (option) pick(option);
    } else if (event.key === 'Escape') {
      // Closing the list must not also stop a streaming answer.
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      buttonRef.current?.focus();
    }
  }

  return (
    <div className="model-picker" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="model-picker-button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={actionLabel ?? `Model: ${selected?.label ?? 'Automatic'}`}
        disabled={disabled}
        onClick={() => {
          setOpen((value) => !value);
          setQuery('');
          setActive(0);
        }}
      >
        <ChipIcon size={16} />
        <span className="model-picker-label">{actionLabel ?? selected?.label ?? 'Automatic'}</span>
        <ChevronDownIcon size={14} />
      </button>
      {open && (
        <div className="model-picker-panel">
          <div className="model-picker-search">
            <SearchIcon size={16} aria-hidden="true" />
            <input
              autoFocus
              type="search"
              role="combobox"
              aria-label="Search models"
              aria-controls={`${id}-list`}
              aria-expanded="true"
              aria-autocomplete="list"
              aria-activedescendant={options[active] ? `${id}-${active}` : undefined}
              placeholder="Search models"
              value={query}
              onChange={(event) => {
                setQuery(event.target.value);
                setActive(0);
              }}
              onKeyDown={onKeyDown}
            />
          </div>
          <ul id={`${id}-list`} role="listbox" aria-label="Models" className="model-picker-list">
            {options.length === 0 && <li className="model-picker-empty">No model matches “{query}”.</li>}
            {options.map((option, index) => (
              <li
                key={option.id ?? 'auto'}
                id={`${id}-${index}`}
                role="option"
                aria-selected={option.id === value}
                className={index === active ? 'model-option is-active' : 'model-option'}
                onPointerEnter={() => setActive(index)}
                onClick={() => pick(option)}
              >
                <span className="model-option-text">
                  <span>{option.label}</span>
                  <span className="muted">{option.detail}</span>
                </span>
                {option.offline && <span className="badge badge-muted">Offline</span>}
                {option.id === value && <CheckIcon size={16} className="model-option-check" />}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
