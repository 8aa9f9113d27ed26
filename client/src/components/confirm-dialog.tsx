import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import { InlineAlert } from './inline-alert';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pending: boolean;
  /** Why the last attempt failed, already in human words. */
  error?: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal question for destructive actions; Escape or Cancel backs out. Mount it to open it. */
export function ConfirmDialog({ title, children, confirmLabel, pending, error, onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  // Closing before React removes the element lets the browser return focus to the opener.
  useLayoutEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId} className="card-title">
        {title}
      </h2>
      <div className="dialog-body">{children}</div>
      {error && <InlineAlert>{error}</InlineAlert>}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="btn btn-danger" onClick={onConfirm} disabled={pending}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
