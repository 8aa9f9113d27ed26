import type { ReactNode } from 'react';
import { LogOutIcon } from '../../components/icons';
import { QueryError } from '../../components/query-error';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { useLogout } from '../../hooks/use-logout';
import { useMe } from '../../hooks/use-me';
import { formatDate } from '../../lib/format';

export function AccountSection() {
  useDocumentTitle('Account');
  const me = useMe();
  const logout = useLogout();

  return (
    <section className="settings-section" aria-labelledby="account-heading">
      <header className="settings-header">
        <h1 id="account-heading">Account</h1>
        <p>Who you are signed in as.</p>
      </header>

      {me.isError ? (
        <QueryError error={me.error} onRetry={() => void me.refetch()} />
      ) : (
        <div className="card">
          <dl className="details">
            <Detail label="Name" value={me.data?.name} />
            <Detail label="Email" value={me.data?.email} />
            <Detail label="Role" value={me.data && <span className="badge">{me.data.role === 'admin' ? 'Admin' : 'User'}</span>} />
            <Detail label="Member since" value={me.data && formatDate(me.data.createdAt)} />
          </dl>
        </div>
      )}

      <div className="card card-row">
        <div>
          <h2 className="card-title">Log out</h2>
          <p className="muted">End your session on this device.</p>
        </div>
        <button type="button" className="btn" onClick={() => logout.mutate()} disabled={logout.isPending}>
          <LogOutIcon size={18} />
          Log out
        </button>
      </div>
    </section>
  );
}

function Detail({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="details-row">
      <dt>{label}</dt>
      <dd>
        {value ?? (
          <span className="skeleton skeleton-text">
            <span className="visually-hidden">Loading</span>
          </span>
        )}
      </dd>
    </div>
  );
}
