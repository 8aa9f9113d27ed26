import { useNow } from '../../hooks/use-now';
import type { AnswerThinking } from '../../lib/answer-view';
import { ChevronDownIcon, SparkIcon } from '../icons';

/** "3 s", never "0 s": a reasoning that was shown took some time. */
export function thoughtDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/**
 * The model's reasoning above its answer, collapsed: "Thinking…" with the time so far while it
 * reasons, then "Thought for N s" with the time it took. Opening it shows the reasoning.
 */
export function ThinkingBlock({ thinking }: { thinking: AnswerThinking }) {
  const active = thinking.since !== null;
  const now = useNow(active);
  const label = active ? 'Thinking…' : thinking.ms !== null ? `Thought for ${thoughtDuration(thinking.ms)}` : 'Thought';
  return (
    <details className={active ? 'thinking-block is-active' : 'thinking-block'}>
      <summary>
        <SparkIcon size={15} aria-hidden="true" />
        <span className="thinking-label">{label}</span>
        {active && thinking.since !== null && <span className="thinking-elapsed muted">{thoughtDuration(now - thinking.since)}</span>}
        <ChevronDownIcon size={14} className="chevron" aria-hidden="true" />
      </summary>
      <div className="thinking-text">{thinking.text}</div>
    </details>
  );
}
