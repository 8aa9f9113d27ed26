import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { AuthLayout } from '../components/auth-layout';
import { InlineAlert } from '../components/inline-alert';
import { TextField } from '../components/text-field';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useRegister } from '../hooks/use-register';
import { errorMessage } from '../lib/error-messages';
import { formText } from '../lib/form-data';
import { checkEmail, checkName, checkNewPassword, NAME_MAX, PASSWORD_MAX, PASSWORD_MIN } from '../lib/validation';

interface FieldErrors {
  name?: string;
  email?: string;
  password?: string;
}

export function RegisterPage() {
  useDocumentTitle('Create account');
  const location = useLocation();
  const registration = useRegister();
  const [errors, setErrors] = useState<FieldErrors>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = formText(form, 'name').trim();
    const email = formText(form, 'email').trim();
    const password = formText(form, 'password');
    const found: FieldErrors = { name: checkName(name), email: checkEmail(email), password: checkNewPassword(password) };
    setErrors(found);
    if (found.name || found.email || found.password) return;
    registration.mutate({ name, email, password });
  }

  return (
    <AuthLayout
      title="Create your account"
      subtitle="One place for every AI conversation: web, widget, WhatsApp, email and API."
      footer={
        <>
          Already have an account?{' '}
          {/* Keeps the page RequireAuth remembered when switching forms. */}
          <Link to="/login" state={location.state as unknown}>
            Log in
          </Link>
        </>
      }
    >
      <form className="auth-form" noValidate onSubmit={submit}>
        {registration.isError && <InlineAlert>{errorMessage(registration.error)}</InlineAlert>}
        <TextField label="Name" name="name" autoComplete="name" maxLength={NAME_MAX} autoFocus error={errors.name} />
        <TextField label="Email" name="email" type="email" autoComplete="email" error={errors.email} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          maxLength={PASSWORD_MAX}
          hint={`At least ${PASSWORD_MIN} characters`}
          error={errors.password}
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={registration.isPending}>
          {registration.isPending ? 'Creating account…' : 'Create account'}
        </button>
      </form>
    </AuthLayout>
  );
}
