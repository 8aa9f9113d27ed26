import { useState, type FormEvent } from 'react';
import { InlineAlert } from '../../../components/inline-alert';
import { SparkIcon } from '../../../components/icons';
import { useTryRouting } from '../../../hooks/use-try-routing';
import { capabilityInfo } from '../../../lib/capabilities';
import { errorMessage } from '../../../lib/error-messages';

const SOURCES: Record<string, string> = {
  rule: 'a selection rule',
  sorter: 'the AI sorter',
  fixed: 'a fixed topic',
  fallback: 'the fallback (nothing else matched)',
};

/** "Try a message": the topic and plan a message would get, without running anything. */
export function TryMessage() {
  const trial = useTryRouting();
  const [message, setMessage] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (message.trim()) trial.mutate(message.trim());
  }

  const result = trial.data;
  return (
    <form className="card stack" onSubmit={submit}>
      <div>
        <h2 className="card-title">Try a message</h2>
        <p className="muted">See which topic and plan a message would get. Nothing is sent or run.</p>
      </div>
      <div className="field">
        <label htmlFor="try-message">Message</label>
        <textarea
          id="try-message"
          className="textarea"
          rows={3}
          value={message}
          placeholder="e.g. Summarize this report, translate it into German and read it aloud"
          onChange={(event) => setMessage(event.target.value)}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!message.trim() || trial.isPending}>
          <SparkIcon size={16} />
          {trial.isPending ? 'Trying…' : 'Try it'}
        </button>
      </div>
      {trial.isError && <InlineAlert>{errorMessage(trial.error)}</InlineAlert>}
      {result && (
        <div className="trial-result" aria-live="polite">
          <dl className="trial-facts">
            <div>
              <dt>Topic</dt>
              <dd>
                <code>{result.classification.topic}</code>
              </dd>
            </div>
            <div>
              <dt>Chosen by</dt>
              <dd>{SOURCES[result.classification.source] ?? result.classification.source}</dd>
            </div>
            <div>
              <dt>Language</dt>
              <dd>{result.classification.language}</dd>
            </div>
            <div>
              <dt>Web search</dt>
              <dd>{result.classification.webSearch ? 'Yes' : 'No'}</dd>
            </div>
            <div>
              <dt>Steps</dt>
              <dd>{result.classification.multiStep ? 'Several' : 'One'}</dd>
            </div>
          </dl>
          {result.plan ? (
            <>
              <h3 className="trial-subtitle">
                Plan{result.planSource === 'fallback' ? ' (fallback: the planner’s answer was unusable)' : ''}
              </h3>
              <ol className="trial-plan">
                {result.plan.tasks.map((task) => {
                  const info = capabilityInfo(task.capability);
                  const Icon = info.icon;
                  return (
                    <li key={task.id}>
                      <Icon size={16} aria-hidden="true" />
                      <code>{task.id}</code>
                      <span>{info.name}</span>
                      <span className="muted">{task.dependsOn.length > 0 ? `after ${task.dependsOn.join(', ')}` : 'starts at once'}</span>
                      {task.id === result.plan?.replyNode && <span className="badge">answers</span>}
                    </li>
                  );
                })}
              </ol>
            </>
          ) : (
            <p className="muted">No plan: {describeNote(result.note)}</p>
          )}
        </div>
      )}
    </form>
  );
}

function describeNote(note: string | null | undefined): string {
  if (note?.includes('switched off')) return 'routing is switched off, so every message gets one direct answer.';
  return 'a single-step request, answered directly without a planner.';
}
