import { useState } from 'react';
import type { RealtimeStatus } from '../../api/realtime';
import { Segmented } from '../../components/segmented';
import { useRealtimeStatus } from '../../hooks/use-realtime-status';
import { notificationPermission, requestNotifications, type AlertSetting } from './alerts';
import { BellIcon } from '../../components/icons';

const STATUS: Record<RealtimeStatus, { label: string; tone: 'ok' | 'busy' | 'bad'; hint: string }> = {
  idle: { label: 'Connecting…', tone: 'busy', hint: 'Opening the live connection.' },
  connecting: { label: 'Connecting…', tone: 'busy', hint: 'Opening the live connection.' },
  live: { label: 'Live', tone: 'ok', hint: 'New sessions and messages appear as they happen.' },
  reconnecting: { label: 'Reconnecting…', tone: 'busy', hint: 'The live connection dropped; reconnecting. The list refreshes every 30 s meanwhile.' },
  error: { label: 'Connection error', tone: 'bad', hint: 'Live updates can’t reach Switchboard; retrying. The list refreshes every 30 s meanwhile.' },
  off: { label: 'Live updates off', tone: 'bad', hint: 'Live updates are switched off on this server. The list refreshes every 30 s.' },
};

/** Whether live updates arrive, always visible: a quiet console must never hide a dead connection. */
export function ConnectionBadge({ partly }: { partly: boolean }) {
  const status = useRealtimeStatus();
  const shown = status === 'live' && partly ? { label: 'Live (some widgets refreshing)', tone: 'busy' as const, hint: 'Live updates for some widgets were refused; their sessions refresh every 30 s.' } : STATUS[status];
  return (
    <span className={`live-badge is-${shown.tone}`} role="status" aria-live="polite" title={shown.hint}>
      <span className="live-badge-dot" aria-hidden="true" />
      {shown.label}
    </span>
  );
}

const ALERT_OPTIONS = [
  { value: 'off' as const, label: 'Off' },
  { value: 'all' as const, label: 'All' },
];

/** Off / All: a beep, and a desktop notification while the tab is hidden, for new sessions, messages and handoffs. */
export function AlertsControl({ value, onChange }: { value: AlertSetting; onChange: (value: AlertSetting) => void }) {
  const [permission, setPermission] = useState(notificationPermission);
  return (
    <div className="live-alerts">
      <span className="live-alerts-label" id="live-alerts-label">
        <BellIcon size={16} />
        Alerts
      </span>
      <Segmented
        label="Alerts"
        options={ALERT_OPTIONS}
        value={value}
        onChange={(next) => {
          onChange(next);
          // A click: the one moment a browser lets a page ask.
          if (next === 'all') void requestNotifications().then(setPermission);
        }}
      />
      {value === 'all' && permission === 'default' && (
        <button type="button" className="btn btn-small btn-quiet" onClick={() => void requestNotifications().then(setPermission)}>
          Allow desktop notifications
        </button>
      )}
      {value === 'all' && permission === 'denied' && (
        <span className="field-hint" title="Allow notifications for this site in the browser's site settings to get them.">
          Desktop notifications blocked
        </span>
      )}
    </div>
  );
}
