import { useMutation } from '@tanstack/react-query';
import { openQueueDashboard } from '../../api/operations';
import { EmptyState } from '../../components/empty-state';
import { ClockIcon } from '../../components/icons';
import { InlineAlert } from '../../components/inline-alert';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { useMe } from '../../hooks/use-me';
import { errorMessage } from '../../lib/error-messages';

/** Settings → Operations (admins): the queue dashboard, opened in this tab. */
export function OperationsSection() {
  useDocumentTitle('Operations');
  const me = useMe();
  const open = useMutation({
    mutationFn: openQueueDashboard,
    // A page of its own, not the SPA's: the browser now holds the cookie it is read with.
    onSuccess: (session) => window.location.assign(session.url),
  });

  if (me.data && me.data.role !== 'admin') {
    return <EmptyState icon={<ClockIcon size={28} />} title="Only admins can see the queues" />;
  }

  return (
    <section className="settings-section" aria-labelledby="operations-heading">
      <header className="settings-header">
        <h1 id="operations-heading">Operations</h1>
        <p>What the workers are doing.</p>
      </header>

      <div className="card card-row">
        <div>
          <h2 className="card-title">Queue dashboard</h2>
          <p className="muted">
            Every job of every queue: waiting, running, delayed, done and failed, with its data and error. Read-only; it stays open for as long as
            a sign-in lasts, then open it here again.
          </p>
        </div>
        <button type="button" className="btn" onClick={() => open.mutate()} disabled={open.isPending}>
          <ClockIcon size={18} />
          Open queue dashboard
        </button>
      </div>
      {open.isError && <InlineAlert>{errorMessage(open.error)}</InlineAlert>}
    </section>
  );
}
