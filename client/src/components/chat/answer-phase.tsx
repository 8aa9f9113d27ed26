import { phase, type AnswerState } from '../../lib/answer-state';
import { useNow } from '../../hooks/use-now';

const SLOW_AFTER_MS = 30_000;

/** Typing dots at once, then what the answer is busy with, then a note when a phase drags on. */
export function AnswerPhase({ state }: { state: AnswerState }) {
  const current = phase(state);
  const now = useNow(current.kind !== 'finished');
  if (current.kind === 'finished') return null;
  const slow = now - state.phaseSince > SLOW_AFTER_MS;
  const withModel = state.modelLabel ? ` with ${state.modelLabel}` : '';
  const label =
    current.kind === 'connecting'
      ? 'Sending…'
      : current.kind === 'classifying'
        ? 'Classifying…'
        : current.kind === 'planning'
          ? `Planning${withModel}…`
          : current.kind === 'working'
            ? `Working on ${current.current}/${current.total}…`
            : `Writing${withModel}…`;

  return (
    <div className="answer-phase" role="status">
      <span className="typing-dots" aria-hidden="true">
        <span />
        <span />
        <span />
      </span>
      <span>{state.stopping ? 'Stopping…' : label}</span>
      {slow && !state.stopping && <span className="answer-phase-slow">This is taking longer than usual.</span>}
    </div>
  );
}
