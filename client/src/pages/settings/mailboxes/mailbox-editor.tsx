import { SwitchField } from '../../../components/switch';
import { TextField } from '../../../components/text-field';
import { useMe } from '../../../hooks/use-me';
import { showToast } from '../../../lib/toasts';
import { ChannelAccountEditor } from '../channel-account-editor';
import { ChannelAccountFields } from '../channel-account-fields';
import { SendTest, TestCheck } from '../send-test';
import { useItemForm } from '../use-item-form';
import type { PaneEditorHandlers } from '../two-pane-section';
import {
  formErrors,
  formOf,
  hasSavedPassword,
  LIMITS,
  passwordHint,
  sameForm,
  saveRefusal,
  SERVER_DEFAULTS,
  toChange,
  toNewMailbox,
  type MailboxForm,
  type MailboxFormErrors,
  type ServerForm,
  type ServerKind,
} from './mailbox-form';
import type { Mailbox } from './mailboxes-api';
import { useDeleteMailbox, useSaveMailbox, useTestMailbox } from './use-mailboxes';

interface MailboxEditorProps extends PaneEditorHandlers<Mailbox> {
  /** Undefined: adding a new mailbox. */
  mailbox: Mailbox | undefined;
}

const SERVER_TEXT: Record<ServerKind, { legend: string; hostHint: string; secureHint: string; userHint: string }> = {
  imap: {
    legend: 'Receiving (IMAP)',
    hostHint: 'New mail in its inbox is read and answered. Leave empty to take mail only through the e-mail webhook.',
    secureHint: 'TLS from the start (port 993). Off: upgraded with STARTTLS where the server offers it (port 143).',
    userHint: 'Leave empty to log in with the address.',
  },
  smtp: {
    legend: 'Sending (SMTP)',
    hostHint: 'Answers leave through this server. Leave empty to send through the platform’s server, if your administrator set one up.',
    secureHint: 'TLS from the start (port 465). Off: STARTTLS (port 587).',
    userHint: 'Leave empty if the server takes mail without logging in.',
  },
};

export function MailboxEditor({ mailbox, onDirtyChange, onSaved, onDeleted, onBack }: MailboxEditorProps) {
  const creating = mailbox === undefined;
  const readOnly = mailbox?.fromEnvironment ?? false;
  const editor = useItemForm<Mailbox, MailboxForm, MailboxFormErrors>({
    item: mailbox,
    formOf,
    sameForm,
    errors: (form) => formErrors(form, creating),
    readOnly,
    onDirtyChange,
  });
  const { form, setForm, dirty, shown } = editor;
  const save = useSaveMailbox();
  const remove = useDeleteMailbox();

  function set<K extends 'address' | 'name' | 'active'>(key: K, value: MailboxForm[K]) {
    setForm((current) => ({ ...current, [key]: value }));
    editor.forget(key as keyof MailboxFormErrors);
  }

  function setServer<K extends keyof ServerForm>(kind: ServerKind, key: K, value: ServerForm[K]) {
    setForm((current) => ({ ...current, [kind]: { ...current[kind], [key]: value } }));
    editor.forget();
  }

  function submit() {
    if (!editor.validate()) return;
    save.mutate(creating ? toNewMailbox(form) : toChange(mailbox.id, form), {
      onSuccess: (saved) => {
        editor.saved(saved);
        showToast(creating ? 'Mailbox added' : 'Mailbox saved', 'success');
        onSaved(saved);
      },
      onError: (error) => editor.refused(saveRefusal(error)),
    });
  }

  return (
    <ChannelAccountEditor
      account={mailbox}
      noun="mailbox"
      variables="SMTP_* and IMAP_*"
      deleteText={
        <>
          Mail to {mailbox?.address} is no longer read or answered, and its saved passwords are deleted. Its conversations stay among your chats.
        </>
      }
      saving={save.isPending}
      remove={remove}
      itemEditorProps={editor.itemEditorProps}
      onSubmit={submit}
      onDeleted={onDeleted}
      onBack={onBack}
    >
      <ChannelAccountFields
        legend="Mailbox"
        creating={creating}
        readOnly={readOnly}
        name={form.name}
        nameMaxLength={LIMITS.name}
        namePlaceholder="e.g. Support"
        nameHint="The sender’s name on answers."
        nameError={shown.name}
        active={form.active}
        activeHint="Switched off, its mail is neither read nor taken from the webhook."
        onNameChange={(name) => set('name', name)}
        onActiveChange={(active) => set('active', active)}
      >
        <TextField
          label="Address"
          name="address"
          type="email"
          value={form.address}
          maxLength={LIMITS.address}
          autoComplete="off"
          spellCheck={false}
          readOnly={!creating}
          placeholder="support@example.com"
          hint={creating ? 'Where people write to; answers come from it.' : 'Fixed once the mailbox exists.'}
          error={shown.address}
          onChange={(event) => set('address', event.target.value)}
        />
      </ChannelAccountFields>

      {(['imap', 'smtp'] as const).map((kind) => (
        <ServerFields
          key={kind}
          kind={kind}
          server={form[kind]}
          mailbox={mailbox}
          disabled={readOnly}
          errors={{ host: shown[`${kind}.host`], port: shown[`${kind}.port`] }}
          onChange={(key, value) => setServer(kind, key, value)}
        />
      ))}

      {mailbox && <MailboxTest mailbox={mailbox} unsaved={dirty} />}
    </ChannelAccountEditor>
  );
}

interface ServerFieldsProps {
  kind: ServerKind;
  server: ServerForm;
  mailbox: Mailbox | undefined;
  disabled: boolean;
  errors: { host?: string; port?: string };
  onChange: <K extends keyof ServerForm>(key: K, value: ServerForm[K]) => void;
}

/** One server's settings; the password is write-only: typed to replace, never shown. */
function ServerFields({ kind, server, mailbox, disabled, errors, onChange }: ServerFieldsProps) {
  const text = SERVER_TEXT[kind];
  const saved = hasSavedPassword(mailbox, kind);
  return (
    <fieldset className="editor-group" disabled={disabled}>
      <legend>{text.legend}</legend>
      <div className="form-grid">
        <TextField
          label="Server"
          name={`${kind}-host`}
          value={server.host}
          maxLength={LIMITS.host}
          autoComplete="off"
          spellCheck={false}
          placeholder={`${kind}.example.com`}
          hint={text.hostHint}
          error={errors.host}
          onChange={(event) => onChange('host', event.target.value)}
        />
        <TextField
          label="Port"
          name={`${kind}-port`}
          inputMode="numeric"
          value={server.port}
          maxLength={5}
          autoComplete="off"
          placeholder={String(SERVER_DEFAULTS[kind].port(server.secure))}
          hint="Leave empty for the usual one."
          error={errors.port}
          onChange={(event) => onChange('port', event.target.value)}
        />
      </div>
      <SwitchField
        title="TLS"
        label={`${text.legend}: TLS`}
        hint={text.secureHint}
        checked={server.secure}
        disabled={disabled}
        onChange={(secure) => onChange('secure', secure)}
      />
      <div className="form-grid">
        <TextField
          label="User name"
          name={`${kind}-user`}
          value={server.user}
          maxLength={LIMITS.user}
          autoComplete="off"
          spellCheck={false}
          hint={text.userHint}
          onChange={(event) => onChange('user', event.target.value)}
        />
        <TextField
          label="Password"
          name={`${kind}-password`}
          type="password"
          value={server.password}
          maxLength={LIMITS.password}
          autoComplete="new-password"
          placeholder={saved && !server.forgetPassword ? '••••••••' : ''}
          hint={passwordHint(mailbox, kind, server)}
          onChange={(event) => {
            onChange('password', event.target.value);
            if (event.target.value !== '') onChange('forgetPassword', false);
          }}
        />
      </div>
      {saved && !disabled && (
        <div>
          <button type="button" className="btn btn-small" onClick={() => (onChange('password', ''), onChange('forgetPassword', !server.forgetPassword))}>
            {server.forgetPassword ? 'Keep the saved password' : 'Remove the saved password'}
          </button>
        </div>
      )}
    </fieldset>
  );
}

/** Sends a test mail from the mailbox and logs in to its IMAP server; shows what happened in words. */
function MailboxTest({ mailbox, unsaved }: { mailbox: Mailbox; unsaved: boolean }) {
  const me = useMe();
  const test = useTestMailbox();
  const result = test.data;

  return (
    <SendTest
      label="Send a test mail to"
      type="email"
      autoComplete="email"
      placeholder={me.data?.email ?? 'you@example.com'}
      hint="Also logs in to the IMAP server, when there is one."
      unsaved={unsaved}
      defaultTo={me.data?.email}
      sendLabel="Send test mail"
      sendingLabel="Testing…"
      pending={test.isPending}
      error={test.error}
      onSend={(to) => test.mutate({ id: mailbox.id, to })}
    >
      {result && (
        <div className="stack" role="status">
          {[result.smtp, result.imap].map((check) => check && <TestCheck key={check.message} check={check} />)}
        </div>
      )}
    </SendTest>
  );
}
