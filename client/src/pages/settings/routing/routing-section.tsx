import { Link } from 'react-router-dom';
import { EmptyState } from '../../../components/empty-state';
import { ChevronDownIcon, RouteIcon } from '../../../components/icons';
import { QueryError } from '../../../components/query-error';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { useMe } from '../../../hooks/use-me';
import { useRoutingSettings } from '../../../hooks/use-routing-settings';
import { ExecutionLimits } from './execution-limits';
import { PromptSetting } from './prompt-setting';
import { RoutingModels } from './routing-models';
import { RoutingSwitch } from './routing-switch';
import { TryMessage } from './try-message';

/** Settings → Routing (admins): how messages are sorted into topics and broken into task plans. */
export function RoutingSection() {
  useDocumentTitle('Routing');
  const me = useMe();
  const isAdmin = me.data?.role === 'admin';
  const settings = useRoutingSettings(isAdmin);

  if (me.data && !isAdmin) {
    return (
      <EmptyState icon={<RouteIcon size={28} />} title="Only admins can change routing">
        <p className="muted">
          You can still shape how your own messages are answered under <Link to="/settings/prompts">Task prompts</Link>.
        </p>
      </EmptyState>
    );
  }

  return (
    <section className="settings-section" aria-labelledby="routing-heading">
      <header className="settings-header">
        <h1 id="routing-heading">Routing</h1>
        <p>How Switchboard decides what to do with each message.</p>
      </header>

      <div className="card explainer">
        <p>
          Every message is first given a <strong>topic</strong>: a fixed topic (widget, API) wins, then the selection rules of the{' '}
          <Link to="/settings/prompts">task prompts</Link>, then the AI sorter. The topic's task prompt shapes the answer. When routing is on and
          a request needs several steps (summarize, translate, create a file …), the <strong>planner</strong> breaks it into tasks that run in
          order, independent ones in parallel, and you see each as a card in the chat. Simple questions skip the planner and are answered
          directly.
        </p>
      </div>

      {settings.isError ? (
        <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : !settings.data ? (
        <div className="card table-skeleton" role="status">
          <span className="visually-hidden">Loading routing settings…</span>
          <span className="skeleton" />
          <span className="skeleton" />
          <span className="skeleton" />
        </div>
      ) : (
        <>
          <RoutingSwitch enabled={settings.data.routingEnabled} />
          <PromptSetting
            field="plannerPrompt"
            title="Planner prompt"
            description="The instructions the planner model gets. {{capabilities}} and {{maxNodes}} are filled in when a plan is made."
            value={settings.data.plannerPrompt}
          />
          <RoutingModels settings={settings.data} />
          <ExecutionLimits settings={settings.data} />
          <TryMessage />
          <details className="card disclosure">
            <summary>
              <span>
                <span className="card-title">Sorter prompt</span>
                <span className="muted"> · advanced</span>
              </span>
              <ChevronDownIcon size={18} className="chevron" />
            </summary>
            <PromptSetting
              field="sorterPrompt"
              title="Sorter prompt"
              description="The instructions the AI sorter gets to pick a topic, the language and whether a plan is needed. Selection rules are checked before it."
              value={settings.data.sorterPrompt}
              bare
            />
          </details>
        </>
      )}
    </section>
  );
}
