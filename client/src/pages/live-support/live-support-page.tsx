import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { OperatorNotification, Widget } from '../../api/widgets';
import { AppShell } from '../../components/app-shell';
import { EmptyState } from '../../components/empty-state';
import { QueryError } from '../../components/query-error';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { useLiveSession } from '../../hooks/use-live-session';
import { useLiveSessions } from '../../hooks/use-live-sessions';
import { useMe } from '../../hooks/use-me';
import { useWidgets } from '../../hooks/use-widgets';
import { armSound, beep, notify, readAlertSetting, writeAlertSetting, type AlertSetting } from './alerts';
import { AlertsControl, ConnectionBadge } from './console-header';
import { HeadsetIcon } from '../../components/icons';
import { needsAttention, titleWithCount, type SessionFilter } from './live-sessions';
import { SessionDetails } from './session-details';
import { SessionList } from './session-list';
import { SessionView } from './session-view';

const PICKER_KEY = 'switchboard.liveSupport.widget';
/** Every widget's sessions in one list. */
const ALL = 'all';

function readPicker(): string {
  try {
    return localStorage.getItem(PICKER_KEY) ?? ALL;
  } catch {
    return ALL;
  }
}

const NOTICE_TITLE: Record<OperatorNotification['kind'], string> = {
  session: 'New visitor',
  message: 'New message from a visitor',
  handoff: 'A visitor asks for a person',
};

/**
 * Live support: the visitors' conversations with the user's widgets as they happen. Sessions
 * (left), the open conversation (middle) and its details (right); on narrow screens one pane at
 * a time. Routes: /live, /live/:widgetId (that widget's sessions), /live/:widgetId/:sessionId.
 */
export function LiveSupportPage() {
  const { widgetId, sessionId } = useParams();
  const navigate = useNavigate();
  const widgets = useWidgets();
  const me = useMe();
  const [picker, setPickerState] = useState(readPicker);
  const [filter, setFilter] = useState<SessionFilter>('all');
  const [alerts, setAlertsState] = useState<AlertSetting>(readAlertSetting);
  const [showDetails, setShowDetails] = useState(false);
  const visible = useDocumentVisible();

  const list = widgets.data ?? [];
  const widgetIds = list.map((widget) => widget.id);
  const byId = new Map(list.map((widget) => [widget.id, widget] as const));

  function setPicker(next: string) {
    setPickerState(next);
    try {
      localStorage.setItem(PICKER_KEY, next);
    } catch {
      // Storage disabled: the choice lasts as long as the page.
    }
  }

  function setAlerts(next: AlertSetting) {
    setAlertsState(next);
    writeAlertSetting(next);
  }

  // /live/:widgetId shows that widget; a session of another widget than the one picked switches to it.
  useEffect(() => {
    if (!widgetId) return;
    setPickerState((current) => (current === widgetId || (current === ALL && sessionId) ? current : widgetId));
  }, [widgetId, sessionId]);

  // Browsers keep audio silent until the page was used: the first click or key arms the beep.
  useEffect(() => {
    const arm = () => {
      armSound();
      window.removeEventListener('pointerdown', arm);
      window.removeEventListener('keydown', arm);
    };
    window.addEventListener('pointerdown', arm);
    window.addEventListener('keydown', arm);
    return arm;
  }, []);

  const openRef = useRef({ widgetId, sessionId, alerts, byId });
  useEffect(() => {
    openRef.current = { widgetId, sessionId, alerts, byId };
  });

  const sessions = useLiveSessions(widgetIds, (fromWidget, notice) => {
    const open = openRef.current;
    if (open.alerts === 'off') return;
    // A message in the conversation on screen needs no alert: it is right there.
    const onScreen = open.widgetId === fromWidget && open.sessionId === notice.sessionId && !document.hidden;
    if (onScreen && notice.kind === 'message') return;
    beep();
    if (document.hidden) {
      const widgetName = open.byId.get(fromWidget)?.name;
      notify(
        widgetName ? `${NOTICE_TITLE[notice.kind]} · ${widgetName}` : NOTICE_TITLE[notice.kind],
        notice.preview,
        `live-${fromWidget}-${notice.sessionId}`,
        () => void navigate(`/live/${fromWidget}/${notice.sessionId}`),
      );
    }
  });

  const validPicker = picker === ALL || byId.has(picker) ? picker : ALL;
  const merged = validPicker === ALL;
  const shown = merged ? sessions.sessions : (sessions.byWidget.get(validPicker) ?? []);
  const attention = sessions.sessions.filter((session) => needsAttention(session) && !(session.id === sessionId && visible && session.mode !== 'waiting')).length;
  useDocumentTitle(titleWithCount(attention));

  const live = useLiveSession(widgetId, sessionId);
  const listed = sessions.sessions.find((session) => session.id === sessionId && session.widgetId === widgetId);
  const openSession = live.transcript.data?.session ?? listed;

  const noWidgets = widgets.data?.length === 0;
  const back = () => {
    setShowDetails(false);
    void navigate(merged ? '/live' : `/live/${validPicker}`);
  };

  return (
    <AppShell
      sidebarLabel="Live support"
      sidebar={
        <WidgetPicker
          widgets={list}
          value={validPicker}
          onChange={(next) => {
            setPicker(next);
            // The open conversation stays open when it is still listed.
            if (sessionId && (next === ALL || next === widgetId)) return;
            void navigate(next === ALL ? '/live' : `/live/${next}`);
          }}
          sessions={sessions.byWidget}
        />
      }
    >
      <div className={`live${sessionId ? ' has-session' : ''}${showDetails ? ' show-details' : ''}`}>
        <header className="live-head">
          <h1>Live support</h1>
          <ConnectionBadge partly={sessions.partlyLive} />
          <AlertsControl value={alerts} onChange={setAlerts} />
        </header>

        {widgets.isError ? (
          <div className="live-empty">
            <QueryError error={widgets.error} onRetry={() => void widgets.refetch()} />
          </div>
        ) : noWidgets ? (
          <div className="live-empty">
            <EmptyState icon={<HeadsetIcon size={28} />} title="No widgets yet">
              <p className="muted">No widgets yet — create one in Settings → Widgets, then paste its snippet into your site.</p>
              <Link to="/settings/widgets" className="btn btn-primary">
                Create a widget
              </Link>
            </EmptyState>
          </div>
        ) : (
          <div className="live-panes">
            <SessionList
              sessions={shown}
              loading={widgets.isPending || (sessions.isPending && shown.length === 0)}
              error={sessions.error}
              onRetry={sessions.refetch}
              filter={filter}
              onFilter={setFilter}
              openId={sessionId}
              widgetNames={merged && list.length > 1 ? new Map(list.map((widget) => [widget.id, widget.name])) : null}
            />
            {widgetId && sessionId ? (
              <SessionView
                key={`${widgetId}/${sessionId}`}
                widgetId={widgetId}
                sessionId={sessionId}
                listed={listed}
                myName={me.data?.name}
                live={live}
                onBack={back}
                onShowDetails={() => setShowDetails((value) => !value)}
              />
            ) : (
              <div className="live-pane live-transcript live-placeholder">
                <div className="pane-empty">
                  <p className="empty-state-title">Select a session</p>
                  <p className="muted">Select a session on the left to follow the conversation live, take over from the AI and reply.</p>
                </div>
              </div>
            )}
            <SessionDetails session={sessionId ? openSession : undefined} widget={widgetId ? byId.get(widgetId) : undefined} onClose={() => setShowDetails(false)} />
          </div>
        )}
      </div>
    </AppShell>
  );
}

/** Whether the tab is in view, re-rendering when that changes. */
function useDocumentVisible(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      document.addEventListener('visibilitychange', onChange);
      return () => document.removeEventListener('visibilitychange', onChange);
    },
    () => !document.hidden,
  );
}

interface WidgetPickerProps {
  widgets: Widget[];
  value: string;
  onChange: (value: string) => void;
  sessions: Map<string, { unread: number; mode: string }[] | undefined>;
}

/** The sidebar: which widget's sessions to list (or all of them), each with what wants attention. */
function WidgetPicker({ widgets, value, onChange, sessions }: WidgetPickerProps) {
  const waitingOf = (id: string) => sessions.get(id)?.filter((session) => session.mode === 'waiting' || session.unread > 0).length ?? 0;
  const total = widgets.reduce((sum, widget) => sum + waitingOf(widget.id), 0);
  return (
    <nav aria-label="Widgets">
      <h2 className="sidebar-heading">Widgets</h2>
      {widgets.length === 0 ? (
        <p className="sidebar-empty">None yet.</p>
      ) : (
        <ul className="sub-nav">
          {widgets.length > 1 && (
            <li>
              <button type="button" className="sub-nav-link live-pick" aria-current={value === ALL ? 'true' : undefined} onClick={() => onChange(ALL)}>
                All widgets
                {total > 0 && <span className="live-pick-count">{total}</span>}
              </button>
            </li>
          )}
          {widgets.map((widget) => {
            const count = waitingOf(widget.id);
            return (
              <li key={widget.id}>
                <button
                  type="button"
                  className="sub-nav-link live-pick"
                  aria-current={value === widget.id || widgets.length === 1 ? 'true' : undefined}
                  onClick={() => onChange(widget.id)}
                >
                  <span className="widget-swatch" style={{ background: widget.config.color }} aria-hidden="true" />
                  <span className="live-pick-name">{widget.name}</span>
                  {!widget.active && <span className="badge badge-muted">Off</span>}
                  {count > 0 && (
                    <span className="live-pick-count" aria-label={`${count} need attention`}>
                      {count}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <Link to="/settings/widgets" className="sidebar-link">
        Manage widgets
      </Link>
    </nav>
  );
}
