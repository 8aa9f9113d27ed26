import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { AuthLayout } from '../components/auth-layout';
import { InlineAlert } from '../components/inline-alert';
import { TextField } from '../components/text-field';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useLogin } from '../hooks/use-login';
import { errorMessage } from '../lib/error-messages';
import { formText } from '../lib/form-data';
import { checkEmail } from '../lib/validation';

interface FieldErrors {
  email?: string;
  password?: string;
}

export function LoginPage() {
  useDocumentTitle('Log in');
  const location = useLocation();
  const login = useLogin();
  const [errors, setErrors] = useState<FieldErrors>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = formText(form, 'email').trim();
    const password = formText(form, 'password');
    const found: FieldErrors = { email: checkEmail(email), password: password ? undefined : 'Enter your password' };
    setErrors(found);
    if (found.email || found.password) return;
    // Where to go next is GuestOnly's job: it redirects as soon as the session exists.
    login.mutate({ email, password });
  }

  return (
    <AuthLayout
      title="Welcome back"
      subtitle="Log in to continue to your conversations."
      footer={
        <>
          New to Switchboard?{' '}
          {/* Keeps the page RequireAuth remembered when switching forms. */}
          <Link to="/register" state={location.state as unknown}>
            Create an account
          </Link>
        </>
      }
    >
      <form className="auth-form" noValidate onSubmit={submit}>
        {login.isError && <InlineAlert>{errorMessage(login.error)}</InlineAlert>}
        <TextField label="Email" name="email" type="email" autoComplete="email" autoFocus error={errors.email} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" error={errors.password} />
        <button type="submit" className="btn btn-primary btn-block" disabled={login.isPending}>
          {login.isPending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </AuthLayout>
  );
}
