import { Link } from 'react-router-dom';
import type { Widget, WidgetSession } from '../../api/widgets';
import { ChevronLeftIcon, CloseIcon } from '../../components/icons';
import { formatDateTime } from '../../lib/format';
import { pageLabel } from './live-sessions';
import { ModeChip } from './session-list';

interface SessionDetailsProps {
  session: WidgetSession | undefined;
  widget: Widget | undefined;
  onClose: () => void;
}

/** The right pane: where the visitor is, since when, and which widget they came through. */
export function SessionDetails({ session, widget, onClose }: SessionDetailsProps) {
  const page = pageLabel(session?.pageUrl ?? null);
  return (
    <aside className="live-pane live-details" aria-label="Session details">
      <header className="live-details-head">
        <button type="button" className="btn-icon live-details-back" aria-label="Back to the conversation" onClick={onClose}>
          <ChevronLeftIcon size={18} />
        </button>
        <h2 className="card-title">Details</h2>
        <button type="button" className="btn-icon live-details-close" aria-label="Close details" onClick={onClose}>
          <CloseIcon size={18} />
        </button>
      </header>
      {!session ? (
        <p className="muted live-details-empty">Select a session to see where the visitor is and how they reached you.</p>
      ) : (
        <dl className="live-facts">
          <div>
            <dt>Answered by</dt>
            <dd>
              <ModeChip mode={session.mode} operatorName={session.mode === 'human' ? session.operatorName : null} />
            </dd>
          </div>
          <div>
            <dt>Page</dt>
            <dd>
              {session.pageUrl && page ? (
                <a href={session.pageUrl} target="_blank" rel="noreferrer noopener">
                  {page}
                </a>
              ) : (
                <span className="muted">Not reported</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Widget</dt>
            <dd>{widget ? <Link to={`/settings/widgets?widget=${widget.id}`}>{widget.name}</Link> : <span className="muted">Unknown</span>}</dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>{formatDateTime(session.createdAt)}</dd>
          </div>
          <div>
            <dt>Last message</dt>
            <dd>{formatDateTime(session.lastMessageAt)}</dd>
          </div>
          <div>
            <dt>Messages</dt>
            <dd>{session.messageCount}</dd>
          </div>
          <div>
            <dt>Session</dt>
            <dd>
              <code className="live-session-id">{session.id}</code>
            </dd>
          </div>
        </dl>
      )}
    </aside>
  );
}
