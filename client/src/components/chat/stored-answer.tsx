import { useState, type ReactNode } from 'react';
import type { Message } from '../../api/chats';
import { useMessageDetail } from '../../hooks/use-message-detail';
import { viewOfStored } from '../../lib/answer-view';
import { QueryError } from '../query-error';
import { TaskPlan } from '../tasks/task-plan';
import { AssistantMessage } from './assistant-message';

/**
 * An answer from the chat's history, rendered from the message list alone; its task records and
 * files are fetched only once the user opens its steps.
 */
export function StoredAnswer({ message, onRetry, note, actions }: { message: Message; onRetry?: () => void; note?: ReactNode; actions?: ReactNode }) {
  const [stepsShown, setStepsShown] = useState(false);
  const detail = useMessageDetail(message.id, stepsShown);
  const view = viewOfStored(message, detail.data);
  const steps = message.taskCount > 0 && (
    <TaskPlan
      plan={view.plan}
      answerText={view.text}
      initiallyOpen={false}
      tally={{ done: message.tasksDone, total: message.taskCount }}
      onShow={() => setStepsShown(true)}
      placeholder={detail.isError ? <QueryError error={detail.error} onRetry={() => void detail.refetch()} /> : <span className="skeleton" aria-label="Loading the steps" />}
    />
  );
  return <AssistantMessage view={view} onRetry={onRetry} note={note} steps={steps} actions={actions} />;
}
