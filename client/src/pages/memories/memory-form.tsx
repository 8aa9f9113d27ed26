import { useId, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { ApiError } from '../../api/http';
import { MEMORY_CATEGORIES, type MemoryFields } from '../../api/memories';
import { InlineAlert } from '../../components/inline-alert';
import { errorMessage } from '../../lib/error-messages';
import { CATEGORY_LABELS, checkMemoryFields, isMemoryCategory, MEMORY_KEY_MAX, MEMORY_VALUE_MAX } from '../../lib/memories';

interface MemoryFormProps {
  initial: MemoryFields;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  /** The last save's failure. */
  error: unknown;
  onSubmit: (fields: MemoryFields) => void;
  onCancel: () => void;
  /** Under the fields, e.g. that saving replaces an existing memory. */
  note?: (fields: MemoryFields) => ReactNode;
  className?: string;
}

/**
 * A memory's category, key and value, for adding one and for editing one in place. Enter saves
 * (the fields are single lines, so the browser submits and leaves IME composition alone); Esc
 * cancels.
 */
export function MemoryForm({ initial, submitLabel, pendingLabel, pending, error, onSubmit, onCancel, note, className }: MemoryFormProps) {
  const id = useId();
  const [fields, setFields] = useState(initial);
  const [problem, setProblem] = useState<string>();
  const [submitted, setSubmitted] = useState(initial);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = checkMemoryFields(fields);
    if ('error' in checked) {
      setProblem(checked.error);
      return;
    }
    setProblem(undefined);
    setSubmitted(checked.fields);
    onSubmit(checked.fields);
  }

  function cancelOnEscape(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key !== 'Escape') return;
    // Handled here: the page's own Esc handling (and a dialog's) must not see it too.
    event.preventDefault();
    event.stopPropagation();
    onCancel();
  }

  const shown = problem ?? (error ? saveErrorMessage(error, submitted) : undefined);
  return (
    <form className={`memory-form${className ? ` ${className}` : ''}`} noValidate onSubmit={submit} onKeyDown={cancelOnEscape}>
      <div className="memory-form-fields">
        <div className="field">
          <label htmlFor={`${id}-category`}>Category</label>
          <select
            id={`${id}-category`}
            className="select"
            value={fields.category}
            onChange={(event) => {
              const category = event.target.value;
              if (isMemoryCategory(category)) setFields({ ...fields, category });
            }}
          >
            {MEMORY_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {CATEGORY_LABELS[category]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-key`}>Key</label>
          <input
            id={`${id}-key`}
            value={fields.key}
            maxLength={MEMORY_KEY_MAX}
            placeholder="e.g. Favourite food"
            autoComplete="off"
            autoFocus
            onChange={(event) => setFields({ ...fields, key: event.target.value })}
          />
        </div>
        <div className="field memory-form-value">
          <label htmlFor={`${id}-value`}>Value</label>
          <input
            id={`${id}-value`}
            value={fields.value}
            maxLength={MEMORY_VALUE_MAX}
            placeholder="e.g. Lasagne, but no mushrooms"
            autoComplete="off"
            onChange={(event) => setFields({ ...fields, value: event.target.value })}
          />
        </div>
      </div>
      {note?.(fields)}
      {shown && <InlineAlert>{shown}</InlineAlert>}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary btn-small" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
        <button type="button" className="btn btn-small" onClick={onCancel}>
          Cancel
        </button>
        <span className="muted memory-form-hint">Enter saves · Esc cancels</span>
      </div>
    </form>
  );
}

function saveErrorMessage(error: unknown, fields: MemoryFields): string {
  if (error instanceof ApiError && error.code === 'MEMORY_EXISTS') {
    return `You already have a memory “${fields.key}” in ${CATEGORY_LABELS[fields.category]}. Change the key or category, or edit that one.`;
  }
  return errorMessage(error);
}
