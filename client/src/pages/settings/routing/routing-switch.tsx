import { Switch } from '../../../components/switch';
import { useUpdateRoutingSettings } from '../../../hooks/use-update-routing-settings';
import { errorMessage } from '../../../lib/error-messages';
import { showToast } from '../../../lib/toasts';

/** The master switch: applies at once, and flips back with a toast if the save fails. */
export function RoutingSwitch({ enabled }: { enabled: boolean }) {
  const update = useUpdateRoutingSettings();
  return (
    <div className="card card-row">
      <div>
        <h2 className="card-title" id="routing-switch-title">
          Plan multi-step requests
        </h2>
        <p className="muted">
          {enabled
            ? 'On: requests with several steps get a task plan, shown as cards in the chat.'
            : 'Off: every message gets one direct answer. Topics and task prompts still apply.'}
        </p>
      </div>
      <Switch
        label="Plan multi-step requests"
        checked={enabled}
        onChange={(routingEnabled) =>
          update.mutate(
            { routingEnabled },
            { onError: (error) => showToast(`Routing is still ${routingEnabled ? 'off' : 'on'}: ${errorMessage(error)}`, 'error') },
          )
        }
      />
    </div>
  );
}
