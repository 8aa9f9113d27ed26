import type { UseMutationResult } from '@tanstack/react-query';
import type { ReactNode, Ref } from 'react';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ChevronLeftIcon } from '../../components/icons';
import { InlineAlert } from '../../components/inline-alert';
import { errorMessage } from '../../lib/error-messages';
import { showToast } from '../../lib/toasts';

interface ItemEditorProps {
  /** The existing item's name; `newLabel` stands instead while creating. */
  title?: string;
  /** Beside the title, e.g. badges; only for an existing item. */
  meta?: ReactNode;
  /** The header's buttons; only for an existing item. */
  actions?: ReactNode;
  creating: boolean;
  dirty: boolean;
  saving: boolean;
  /** The heading and the save bar's text while creating, e.g. 'New widget'. */
  newLabel: string;
  /** The submit button's label while creating. */
  createLabel: string;
  /** Why the last save failed, in human words. */
  problem?: string | null;
  formRef?: Ref<HTMLFormElement>;
  onSubmit: () => void;
  /** Back to the form as it was (Discard, or Cancel while creating, which also goes back). */
  onReset: () => void;
  onBack: () => void;
  /** The form's fields. */
  children: ReactNode;
  /** Dialogs shown over the editor. */
  dialogs?: ReactNode;
}

/**
 * The editor pane of a settings list: a header with a way back to the list, the form, and a bar
 * to save or discard once something changed.
 */
export function ItemEditor({
  title,
  meta,
  actions,
  creating,
  dirty,
  saving,
  newLabel,
  createLabel,
  problem,
  formRef,
  onSubmit,
  onReset,
  onBack,
  children,
  dialogs,
}: ItemEditorProps) {
  return (
    <div className="prompt-editor">
      <header className="prompt-editor-head">
        <button type="button" className="btn-icon pane-back" aria-label="Back to the list" onClick={onBack}>
          <ChevronLeftIcon size={18} />
        </button>
        <div className="prompt-editor-title">
          <h2 className="card-title">{creating ? newLabel : title}</h2>
          {meta !== undefined && <span className="prompt-editor-meta">{meta}</span>}
        </div>
        {actions !== undefined && <div className="prompt-editor-actions">{actions}</div>}
      </header>

      <form
        ref={formRef}
        className="prompt-editor-body"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        {children}

        {problem && <InlineAlert>{problem}</InlineAlert>}

        {(dirty || creating) && (
          <div className="sticky-bar" role="region" aria-label="Unsaved changes">
            <span>{creating ? newLabel : 'Unsaved changes'}</span>
            <button
              type="button"
              className="btn"
              disabled={saving}
              onClick={() => {
                if (creating) onBack();
                onReset();
              }}
            >
              {creating ? 'Cancel' : 'Discard'}
            </button>
            <button type="submit" className="btn btn-primary" disabled={saving}>
              {saving ? 'Saving…' : creating ? createLabel : 'Save'}
            </button>
          </div>
        )}
      </form>

      {dialogs}
    </div>
  );
}

interface DeleteItemDialogProps {
  title: string;
  /** The confirm button's label, e.g. 'Delete mailbox'. */
  confirmLabel: string;
  /** The toast once it is gone, e.g. 'Mailbox deleted'. */
  deletedToast: string;
  /** The item's id, for `remove`. */
  id: string;
  remove: UseMutationResult<void, Error, string>;
  /** Closes the dialog (cancelled, or done). */
  onClose: () => void;
  onDeleted: () => void;
  /** What deleting it does, in words. */
  children: ReactNode;
}

/** The question before an editor's item is deleted; it stays open with the error when deleting fails. */
export function DeleteItemDialog({ title, confirmLabel, deletedToast, id, remove, onClose, onDeleted, children }: DeleteItemDialogProps) {
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={remove.isPending ? 'Deleting…' : confirmLabel}
      pending={remove.isPending}
      error={remove.isError ? errorMessage(remove.error) : undefined}
      onConfirm={() =>
        remove.mutate(id, {
          onSuccess: () => {
            onClose();
            showToast(deletedToast, 'success');
            onDeleted();
          },
        })
      }
      onCancel={() => (onClose(), remove.reset())}
    >
      <p className="muted">{children}</p>
    </ConfirmDialog>
  );
}
