import { useState, type ReactNode, type Ref } from 'react';
import type { UseMutationResult } from '@tanstack/react-query';
import { DeleteItemDialog, ItemEditor } from './item-editor';
import { StatusBadge } from './pane-item-list';

/** What the editor and the list need of a channel account (a mailbox, a WhatsApp number). */
export interface ChannelAccount {
  id: string;
  name: string;
  active: boolean;
  /** Set up by the server's environment variables: shown, tested, never changed here. */
  fromEnvironment: boolean;
}

interface ChannelAccountEditorProps {
  /** Undefined while adding one. */
  account: ChannelAccount | undefined;
  /** What an account is called, lower-case, e.g. 'mailbox'. */
  noun: string;
  /** The environment variables that set up the server's account, e.g. 'WHATSAPP_*'. */
  variables: string;
  /** What deleting it does, in words. */
  deleteText: ReactNode;
  saving: boolean;
  remove: UseMutationResult<void, Error, string>;
  /** From useItemForm. */
  itemEditorProps: { dirty: boolean; problem: string | null; formRef: Ref<HTMLFormElement>; onReset: () => void };
  onSubmit: () => void;
  onDeleted: () => void;
  onBack: () => void;
  /** The form's fields. */
  children: ReactNode;
}

/**
 * The editor pane of a channel account: its name and state, a Delete button with its question, and
 * a note in place of both when the server's environment set it up (then only its test is of use).
 */
export function ChannelAccountEditor({ account, noun, variables, deleteText, saving, remove, itemEditorProps, onSubmit, onDeleted, onBack, children }: ChannelAccountEditorProps) {
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const readOnly = account?.fromEnvironment ?? false;
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1);

  return (
    <ItemEditor
      title={account?.name}
      meta={account && <StatusBadge active={account.active} fromEnvironment={readOnly} />}
      actions={
        account &&
        !readOnly && (
          <button type="button" className="btn btn-small btn-quiet-danger" onClick={() => setConfirmingDelete(true)}>
            Delete
          </button>
        )
      }
      creating={account === undefined}
      saving={saving}
      newLabel={`New ${noun}`}
      createLabel={`Add ${noun}`}
      {...itemEditorProps}
      onSubmit={onSubmit}
      onBack={onBack}
      dialogs={
        account &&
        confirmingDelete && (
          <DeleteItemDialog
            title={`Delete this ${noun}?`}
            confirmLabel={`Delete ${noun}`}
            deletedToast={`${Noun} deleted`}
            id={account.id}
            remove={remove}
            onClose={() => setConfirmingDelete(false)}
            onDeleted={onDeleted}
          >
            {deleteText}
          </DeleteItemDialog>
        )
      }
    >
      {readOnly && (
        <p className="muted">
          This {noun} is set up by the server’s environment variables ({variables}): change them there. You can test it below.
        </p>
      )}
      {children}
    </ItemEditor>
  );
}
