import { useId, useState } from 'react';
import { capabilityInfo } from '../../lib/capabilities';
import { FILES_NODE, type CardState, type TaskCardModel } from '../../lib/answer-state';
import { IconCopyButton } from '../icon-copy-button';
import { CheckCircleIcon, ClockIcon, SkipIcon, SpinnerIcon, StopIcon, XCircleIcon } from '../icons';
import { FileView } from './file-view';

const LONG_TEXT = 600;

export const STATE_LABELS: Record<CardState, string> = {
  pending: 'Queued',
  running: 'Working…',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
  stopped: 'Stopped',
};

const STATE_ICONS = {
  pending: ClockIcon,
  running: SpinnerIcon,
  done: CheckCircleIcon,
  failed: XCircleIcon,
  skipped: SkipIcon,
  stopped: StopIcon,
} satisfies Record<CardState, unknown>;

/** What a card is called: its capability's plain words, or for the attachments read before answering, what happens to them. */
export function cardTitle(card: Pick<TaskCardModel, 'nodeId' | 'capability' | 'state'>): string {
  if (card.nodeId !== FILES_NODE) return capabilityInfo(card.capability).title;
  if (card.state === 'done') return 'Read your file';
  if (card.state === 'failed') return "Couldn't read your file";
  return 'Reading your file…';
}

/** One plan node: what it does, its state (icon and words), its partial output and files. */
export function TaskCard({ card, repeatsAnswer }: { card: TaskCardModel; /** Its text is the final answer shown below. */ repeatsAnswer: boolean }) {
  const info = capabilityInfo(card.capability);
  const title = cardTitle(card);
  const Icon = info.icon;
  const StateIcon = STATE_ICONS[card.state];
  const [expanded, setExpanded] = useState(false);
  const textId = useId();
  const long = card.text.length > LONG_TEXT || (repeatsAnswer && card.text.length > 0);
  const collapsed = long && !expanded && card.state !== 'running';
  // Media get a placeholder until their % is known; anything else shows a bar once it reports one.
  const showProgress = card.state === 'running' && (info.media !== undefined || card.percent !== null);

  return (
    <li className={`task-card is-${card.state}`} data-node={card.nodeId} aria-label={`${title}: ${STATE_LABELS[card.state]}`}>
      <div className="task-card-head">
        <span className="task-card-icon" aria-hidden="true">
          <Icon size={18} />
        </span>
        <span className="task-card-title">
          {title}
          {/* The attachments' card is no step of a plan: no node id to show. */}
          {card.nodeId !== FILES_NODE && (
            <span className="task-card-node">
              {card.nodeId}
              {card.dependsOn.length > 0 && ` · after ${card.dependsOn.join(', ')}`}
            </span>
          )}
        </span>
        <span className={`task-state task-state-${card.state}`}>
          <StateIcon size={16} />
          {STATE_LABELS[card.state]}
        </span>
        {card.text && <IconCopyButton text={card.text} label={`Copy the result of ${title.toLowerCase()}`} />}
      </div>

      {showProgress &&
        (card.percent === null ? (
          <div className={`task-placeholder task-placeholder-${info.media}`} aria-hidden="true" />
        ) : (
          <div className="task-progress" role="progressbar" aria-label={`${title} progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(card.percent)}>
            <span style={{ width: `${card.percent}%` }} />
          </div>
        ))}

      {card.text && (
        <div className="task-card-body">
          <p id={textId} className={`task-text${collapsed ? ' is-collapsed' : ''}${repeatsAnswer && collapsed ? ' is-one-line' : ''}`}>
            {card.text}
            {card.state === 'running' && <span className="caret" aria-hidden="true" />}
          </p>
          {long && card.state !== 'running' && (
            <button type="button" className="btn-link" aria-expanded={!collapsed} aria-controls={textId} onClick={() => setExpanded((value) => !value)}>
              {collapsed ? 'Show more' : 'Show less'}
            </button>
          )}
        </div>
      )}

      {card.state === 'failed' && <p className="task-error">{card.error ?? 'This step failed.'}</p>}
      {card.state === 'skipped' && <p className="task-note">{card.error ?? 'Skipped because an earlier step failed.'}</p>}
      {card.state === 'stopped' && <p className="task-note">Stopped before it finished.</p>}

      {card.files.length > 0 && (
        <div className="task-files">
          {card.files.map((file) => (
            <FileView key={file.id} file={file} />
          ))}
        </div>
      )}
    </li>
  );
}
