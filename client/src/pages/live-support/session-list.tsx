import { Link } from 'react-router-dom';
import type { SessionMode, WidgetSession } from '../../api/widgets';
import { QueryError } from '../../components/query-error';
import { useNow } from '../../hooks/use-now';
import { relativeTime } from '../../lib/format';
import { countByFilter, FILTERS, filterSessions, MODE_LABEL, shortId, unreadLabel, visitorLabel, type SessionFilter } from './live-sessions';

interface SessionListProps {
  sessions: WidgetSession[];
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  filter: SessionFilter;
  onFilter: (filter: SessionFilter) => void;
  /** The open session, whose unread count is being read away. */
  openId: string | undefined;
  /** Widget names per id, when sessions of several widgets are listed together. */
  widgetNames: Map<string, string> | null;
}

export function SessionList({ sessions, loading, error, onRetry, filter, onFilter, openId, widgetNames }: SessionListProps) {
  const now = useNow(true, 30_000);
  const counts = countByFilter(sessions);
  const shown = filterSessions(sessions, filter);

  return (
    <div className="live-pane live-list" aria-label="Sessions" role="region">
      <div className="live-list-head">
        <div className="filter-chips" role="group" aria-label="Show sessions">
          {FILTERS.map(({ value, label }) => (
            <button key={value} type="button" className={`filter-chip${value === 'waiting' && counts.waiting > 0 ? ' is-alerting' : ''}`} aria-pressed={filter === value} onClick={() => onFilter(value)}>
              {label}
              <span className="filter-count">{counts[value]}</span>
            </button>
          ))}
        </div>
      </div>

      {error ? (
        <div className="live-list-error">
          <QueryError error={error} onRetry={onRetry} />
        </div>
      ) : loading ? (
        <div className="table-skeleton" role="status">
          <span className="visually-hidden">Loading sessions…</span>
          <span className="skeleton" />
          <span className="skeleton" />
          <span className="skeleton" />
        </div>
      ) : shown.length === 0 ? (
        <div className="pane-empty">
          {sessions.length === 0 ? (
            <>
              <p className="empty-state-title">No conversations yet</p>
              <p className="muted">Visitors show up here as soon as they write in your widget; keep this page open to be alerted.</p>
            </>
          ) : (
            <>
              <p className="muted">{filter === 'waiting' ? 'Nobody is waiting for a person.' : `No conversation in ${FILTERS.find((f) => f.value === filter)?.label ?? ''} mode.`}</p>
              <button type="button" className="btn btn-small" onClick={() => onFilter('all')}>
                Show all {counts.all}
              </button>
            </>
          )}
        </div>
      ) : (
        <ul className="live-rows">
          {shown.map((session) => (
            <li key={`${session.widgetId}/${session.id}`}>
              <SessionRow session={session} open={session.id === openId} now={now} widgetName={widgetNames?.get(session.widgetId)} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function SessionRow({ session, open, now, widgetName }: { session: WidgetSession; open: boolean; now: number; widgetName: string | undefined }) {
  // The open session is being read: its count is on its way to 0.
  const unread = open ? 0 : session.unread;
  const label = visitorLabel(session);
  return (
    <Link
      to={`/live/${session.widgetId}/${session.id}`}
      className={`live-row${unread > 0 ? ' is-unread' : ''}${session.mode === 'waiting' ? ' is-waiting' : ''}`}
      aria-current={open ? 'page' : undefined}
      title={session.pageUrl ?? undefined}
    >
      <span className="live-row-top">
        <span className="live-row-name">{label}</span>
        <span className="live-row-ref">
          #{shortId(session.id)}
        </span>
        <time className="live-row-time" dateTime={session.lastMessageAt}>
          {relativeTime(session.lastMessageAt, now)}
        </time>
      </span>
      <span className="live-row-bottom">
        <ModeChip mode={session.mode} operatorName={null} />
        <span className="live-row-preview">{session.preview || 'No messages yet'}</span>
        {unread > 0 && (
          <span className="live-unread" aria-label={`${unread} unread`}>
            {unreadLabel(unread)}
          </span>
        )}
      </span>
      {widgetName && <span className="live-row-widget">{widgetName}</span>}
    </Link>
  );
}

/** Who answers the visitor: AI, Waiting (with a dot: someone should step in), Human. */
export function ModeChip({ mode, operatorName }: { mode: SessionMode; operatorName: string | null }) {
  return (
    <span className={`mode-chip is-${mode}`}>
      {mode === 'waiting' && <span className="mode-dot" aria-hidden="true" />}
      {MODE_LABEL[mode]}
      {mode === 'human' && operatorName ? ` · ${operatorName}` : ''}
    </span>
  );
}
