import { useEffect, useRef, useState } from 'react';

/** Notes by field name, e.g. `{ name: 'Give it a name.' }`. */
type FieldErrors = Partial<Record<string, string>>;

interface ItemFormOptions<Item, Form, Errors extends FieldErrors> {
  /** Undefined while creating one. */
  item: Item | undefined;
  formOf: (item: Item | undefined) => Form;
  sameForm: (a: Form, b: Form) => boolean;
  /** What is wrong with the form as it is, checked in the browser. */
  errors: (form: Form) => Errors;
  /** Nothing can be changed (e.g. an item set up by the server's environment): never dirty. */
  readOnly?: boolean;
  /** Of the browser's notes, those shown before Save was tried. */
  early?: (errors: Errors, form: Form) => Errors;
  /** After a refused save, brings the first note to fix into view; by default it focuses the first invalid field. */
  revealFirstError?: (form: HTMLFormElement | null) => void;
  onDirtyChange: (dirty: boolean) => void;
}

function focusFirstInvalid(form: HTMLFormElement | null) {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/**
 * The state of a settings editor's form: the form as saved and as edited, the browser's notes
 * (shown once Save was tried), the server's notes by field (a field's goes when it is edited), and
 * why the last save failed. `itemEditorProps` hands ItemEditor what it needs of it.
 */
export function useItemForm<Item, Form, Errors extends FieldErrors>({
  item,
  formOf,
  sameForm,
  errors,
  readOnly = false,
  early,
  revealFirstError = focusFirstInvalid,
  onDirtyChange,
}: ItemFormOptions<Item, Form, Errors>) {
  const [initial, setInitial] = useState(() => formOf(item));
  const [form, setForm] = useState(initial);
  const [showErrors, setShowErrors] = useState(false);
  const [serverErrors, setServerErrors] = useState<Errors>({} as Errors);
  const [problem, setProblem] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const dirty = !readOnly && !sameForm(form, initial);
  const localErrors = errors(form);
  const shown: Errors = { ...(showErrors ? localErrors : (early?.(localErrors, form) ?? {})), ...serverErrors };

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  function reset() {
    setForm(initial);
    setShowErrors(false);
    setServerErrors({} as Errors);
    setProblem(null);
  }

  return {
    form,
    setForm,
    initial,
    dirty,
    shown,
    formRef,
    setServerErrors,
    setProblem,
    /** After an edit: the server's note on `field` (if given) and the last save's problem go. */
    forget(field?: keyof Errors) {
      if (field !== undefined) setServerErrors(({ [field]: _, ...rest }) => rest as Errors);
      setProblem(null);
    },
    /** Before a save: false, with the notes shown, while the browser finds something to fix. */
    validate(): boolean {
      if (Object.keys(localErrors).length > 0) {
        setShowErrors(true);
        revealFirstError(formRef.current);
        return false;
      }
      setServerErrors({} as Errors);
      setProblem(null);
      return true;
    },
    /** The item was saved: the form now starts from it. */
    saved(saved: Item) {
      const next = formOf(saved);
      setInitial(next);
      setForm(next);
    },
    /** The server refused the save: said under the field it names, else above the save bar. */
    refused({ field, message }: { field?: keyof Errors | null; message: string }) {
      if (field) setServerErrors({ [field]: message } as Errors);
      else setProblem(message);
    },
    reset,
    itemEditorProps: { dirty, problem, formRef, onReset: reset },
  };
}
