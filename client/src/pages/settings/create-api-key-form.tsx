import { useState, type FormEvent } from 'react';
import { InlineAlert } from '../../components/inline-alert';
import { PlusIcon } from '../../components/icons';
import { TextField } from '../../components/text-field';
import type { useCreateApiKey } from '../../hooks/use-create-api-key';
import { errorMessage } from '../../lib/error-messages';
import { formText } from '../../lib/form-data';
import { API_KEY_NAME_MAX } from '../../lib/validation';

export function CreateApiKeyForm({ create }: { create: ReturnType<typeof useCreateApiKey> }) {
  const [nameError, setNameError] = useState<string>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = formText(new FormData(form), 'name').trim();
    setNameError(name ? undefined : 'Give the key a name, such as where it will be used');
    if (!name) return;
    create.mutate({ name }, { onSuccess: () => form.reset() });
  }

  return (
    <form className="card create-key" noValidate onSubmit={submit}>
      <h2 className="card-title">Create a key</h2>
      {create.isError && <InlineAlert>{errorMessage(create.error)}</InlineAlert>}
      <div className="create-key-row">
        <TextField label="Key name" name="name" placeholder="e.g. Billing integration" autoComplete="off" maxLength={API_KEY_NAME_MAX} error={nameError} />
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          <PlusIcon size={18} />
          {create.isPending ? 'Creating…' : 'Create key'}
        </button>
      </div>
    </form>
  );
}
