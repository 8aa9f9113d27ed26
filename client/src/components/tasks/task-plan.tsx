import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { planProgress, type AnswerState, type TaskCardModel } from '../../lib/answer-state';
import { ChevronDownIcon, RouteIcon } from '../icons';
import { cardTitle, STATE_LABELS, TaskCard } from './task-card';

type Plan = NonNullable<AnswerState['plan']>;

interface TaskPlanProps {
  /** Null until a stored answer's steps are loaded (they load when first shown). */
  plan: Plan | null;
  answerText: string;
  initiallyOpen: boolean;
  /** "done/total" before the steps are loaded: the answer's task tally from the message list. */
  tally?: { done: number; total: number };
  /** Told when the steps are shown, so a stored answer loads them only then. */
  onShow?: () => void;
  /** Shown in place of the steps while they load, or when loading them failed. */
  placeholder?: ReactNode;
}

/** "Task plan · 2/4" with one card per node; announces each state change to screen readers. */
export function TaskPlan({ plan, answerText, initiallyOpen, tally, onShow, placeholder }: TaskPlanProps) {
  const [open, setOpen] = useState(initiallyOpen);
  const listId = useId();
  const { done, total } = plan ? planProgress(plan) : (tally ?? { done: 0, total: 0 });
  const announcement = useStateAnnouncement(plan);

  const toggle = () => {
    if (!open) onShow?.();
    setOpen(!open);
  };

  return (
    <section className="task-plan" aria-label="Task plan">
      <header className="task-plan-head">
        <RouteIcon size={18} aria-hidden="true" />
        <span className="task-plan-title">
          Task plan · {done}/{total}
        </span>
        <button type="button" className="btn-ghost" aria-expanded={open} aria-controls={listId} onClick={toggle}>
          {open ? 'Hide steps' : 'Show steps'}
          <ChevronDownIcon size={16} className={open ? 'chevron is-open' : 'chevron'} />
        </button>
      </header>
      <ol id={listId} className="task-cards" hidden={!open}>
        {plan
          ? plan.order.map((nodeId) => {
              const card = plan.cards[nodeId];
              if (!card) return null;
              const repeatsAnswer = nodeId === plan.replyNode && answerText.length > 0 && card.text.trim() === answerText.trim();
              return <TaskCard key={nodeId} card={card} repeatsAnswer={repeatsAnswer} />;
            })
          : placeholder && <li>{placeholder}</li>}
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}

function useStateAnnouncement(plan: Plan | null): string {
  const previous = useRef<Record<string, string>>({});
  const [text, setText] = useState('');
  useEffect(() => {
    if (!plan) return;
    const changes: string[] = [];
    for (const nodeId of plan.order) {
      const card = plan.cards[nodeId];
      if (!card) continue;
      if (previous.current[nodeId] !== undefined && previous.current[nodeId] !== card.state) {
        changes.push(`${cardTitle(card)}: ${STATE_LABELS[card.state]}`);
      }
      previous.current[nodeId] = card.state;
    }
    if (changes.length > 0) setText(changes.join('. '));
  }, [plan]);
  return text;
}

/** The card of the attachments being read before the answer ("Reading your file…"), outside any plan. */
export function ReadingCard({ card }: { card: TaskCardModel }) {
  return (
    <section className="task-plan is-reading" aria-label="Your files">
      <ol className="task-cards">
        <TaskCard card={card} repeatsAnswer={false} />
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {`${cardTitle(card)}: ${STATE_LABELS[card.state]}`}
      </p>
    </section>
  );
}
