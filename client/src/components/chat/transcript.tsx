import { useState, type Ref } from 'react';
import type { Delivery, Message } from '../../api/chats';
import type { Model } from '../../api/models';
import type { OutgoingReply } from '../../hooks/use-channel-reply';
import { isFinished, type AnswerState } from '../../lib/answer-state';
import { viewOfLive } from '../../lib/answer-view';
import { AnswerActions, type AnswerActionsProps } from './answer-actions';
import { AssistantMessage } from './assistant-message';
import { DeliveryNote } from './delivery-note';
import { OperatorMessage, OutgoingReplyMessage } from './operator-message';
import { StoredAnswer } from './stored-answer';
import { UserMessage } from './user-message';

/** What a WhatsApp or e-mail conversation adds to the transcript. */
export interface ConversationParts {
  /** By message id; undefined until loaded. */
  deliveries: Map<string, Delivery> | undefined;
  /** A person's replies not stored yet, after the stored messages. */
  outgoing: OutgoingReply[];
  /** Who is writing the replies on their way. */
  myName: string;
  onRetryReply: (id: number) => void;
  onDiscardReply: (id: number) => void;
}

/** A stored answer a Continue goes on from. */
export type ContinuedAnswer = Pick<Message, 'id' | 'text' | 'thinking' | 'thinkingMs'>;

/** The chat actions on the latest turn (not offered where the AI speaks for someone else, nor incognito). */
export interface TranscriptActions {
  /** An answer is being written in this chat: no action starts another. */
  busy: boolean;
  models: Model[] | undefined;
  /** `modelId` null: the model chosen in the composer. */
  regenerate: (answerId: string, question: Pick<Message, 'id' | 'text'>, modelId: string | null) => void;
  edit: (questionId: string, text: string) => void;
  continueAnswer: (answer: ContinuedAnswer, question: Pick<Message, 'id' | 'text'>) => void;
}

/** Stands for the live answer among an answer's versions until the server has named it. */
const LIVE = 'live';

interface TranscriptProps {
  messages: Message[];
  /** The answer streaming (or just streamed) in this chat, which replaces its stored copy. */
  live: AnswerState | null;
  liveRef: Ref<HTMLElement>;
  /** Asks the question again after a failed answer (not offered where it would speak for someone else). */
  onRetry?: (question: string) => void;
  /** Set in a WhatsApp or e-mail conversation: its messages come from a contact and go out on the channel. */
  conversation?: ConversationParts;
  actions?: TranscriptActions;
}

/** The chat's messages in order, with the live answer merged in where it belongs. */
export function Transcript({ messages, live, liveRef, onRetry, conversation, actions }: TranscriptProps) {
  // The version shown of each question's answer, by question id; the newest unless one was picked.
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const liveShown = live !== null && messages.some((message) => message.id === live.messageId);
  const questionShown = live !== null && live.userMessageId !== null && messages.some((message) => message.id === live.userMessageId);
  const lastAssistant = messages.findLast((message) => message.role === 'assistant');
  const latestQuestion = messages.findLast((message) => message.role === 'user');

  // Answers to the same question are versions of one answer, shown in the place of the first.
  const versions = new Map<string, string[]>();
  for (const message of messages) {
    if (message.role === 'assistant' && message.replyToId) versions.set(message.replyToId, [...(versions.get(message.replyToId) ?? []), message.id]);
  }
  const liveQuestion = live && !liveShown && questionShown ? live.userMessageId : null;
  const liveInSlot = liveQuestion !== null && versions.has(liveQuestion);
  if (liveQuestion !== null && liveInSlot) versions.set(liveQuestion, [...(versions.get(liveQuestion) ?? []), live?.messageId ?? LIVE]);
  const shownVersion = (questionId: string): { ids: string[]; index: number } => {
    const ids = versions.get(questionId) ?? [];
    const picked = ids.indexOf(chosen[questionId] ?? '');
    return { ids, index: picked >= 0 ? picked : ids.length - 1 };
  };

  /** The actions of the answer shown for `question`: on its newest version, of the latest question, once finished. */
  const answerActions = (question: Message | undefined, answer: ContinuedAnswer & { finished: boolean; truncated: boolean; stopped: boolean }) => {
    if (!actions || !question) return undefined;
    const { ids, index } = shownVersion(question.id);
    const props: AnswerActionsProps = { versions: { index, count: ids.length, onSelect: (i) => setChosen((all) => ({ ...all, [question.id]: ids[i] ?? '' })) } };
    const current = question.id === latestQuestion?.id && index === ids.length - 1 && answer.finished && !actions.busy;
    if (current) {
      const newest = () => setChosen(({ [question.id]: _, ...rest }) => rest);
      props.onAgain = (modelId) => {
        newest();
        actions.regenerate(answer.id, question, modelId);
      };
      props.models = actions.models;
      if ((answer.truncated || answer.stopped) && answer.text) props.onContinue = () => actions.continueAnswer(answer, question);
    }
    return <AnswerActions {...props} />;
  };

  /**
   * Retry of a failed answer: answered again as a new version where the chat actions are offered
   * and the answer is stored (no second copy of the question), else the question is sent again.
   */
  const retryOf = (answerId: string | null, question: Message | undefined, questionText: string) => {
    if (actions && answerId && question && question.id === latestQuestion?.id) {
      return () => {
        setChosen(({ [question.id]: _, ...rest }) => rest);
        actions.regenerate(answerId, question, null);
      };
    }
    return onRetry && (() => onRetry(questionText));
  };
  const from = conversation ? 'contact' : 'you';
  const deliveryOf = (id: string | null) => {
    const delivery = id === null ? undefined : conversation?.deliveries?.get(id);
    return delivery && <DeliveryNote delivery={delivery} />;
  };

  return (
    <div className="transcript">
      {messages.map((message, index) => {
        switch (message.role) {
          case 'user': {
            const editable = actions && !actions.busy && message.id === latestQuestion?.id;
            // An edited question shows its new text while it is answered, before the list is fetched again.
            const text = live && message.id === live.userMessageId ? live.userText : message.text;
            return (
              <UserMessage
                key={message.id}
                text={text}
                fileIds={message.fileIds}
                from={from}
                onEdit={editable ? (edited) => actions.edit(message.id, edited) : undefined}
              />
            );
          }
          case 'operator':
            return (
              <OperatorMessage key={message.id} author={message.authorName || 'Operator'} text={message.text}>
                {deliveryOf(message.id)}
              </OperatorMessage>
            );
          case 'system':
            return (
              <p key={message.id} className="message-system" role="note">
                {message.text}
              </p>
            );
          case 'assistant': {
            const question = message.replyToId ? messages.find((candidate) => candidate.id === message.replyToId) : messages.slice(0, index).findLast((candidate) => candidate.role === 'user');
            // One place per question: the first version's; the others are reached with ‹ › there.
            let shown = message;
            if (message.replyToId && versions.has(message.replyToId)) {
              const { ids, index: at } = shownVersion(message.replyToId);
              if (ids[0] !== message.id) return null;
              const id = ids[at];
              if (live && (id === LIVE || id === live.messageId)) {
                const view = viewOfLive(live);
                const liveActions = answerActions(question, { id: live.messageId ?? '', text: live.text, thinking: live.thinking || null, thinkingMs: live.thinkingMs, finished: isFinished(live), truncated: view.truncated, stopped: live.status === 'stopped' });
                return <AssistantMessage key={message.id} ref={liveRef} view={view} onRetry={retryOf(live.messageId, question, live.userText)} note={deliveryOf(live.messageId)} actions={liveActions} />;
              }
              shown = messages.find((candidate) => candidate.id === id) ?? message;
            }
            const retry = shown.id === lastAssistant?.id && question ? retryOf(shown.id, question, question.text) : undefined;
            const finished = shown.status !== 'pending' && shown.status !== 'streaming';
            const storedActions = answerActions(question, { ...shown, finished, stopped: shown.status === 'stopped' });
            return <StoredAnswer key={shown.id} message={shown} onRetry={retry} note={deliveryOf(shown.id)} actions={storedActions} />;
          }
        }
      })}
      {live && !liveShown && !liveInSlot && (
        <>
          {!questionShown && <UserMessage text={live.userText} fileIds={live.userFileIds} from={from} />}
          <AssistantMessage ref={liveRef} view={viewOfLive(live)} onRetry={onRetry && (() => onRetry(live.userText))} note={deliveryOf(live.messageId)} />
        </>
      )}
      {conversation?.outgoing.map((reply) => (
        <OutgoingReplyMessage
          key={reply.id}
          reply={reply}
          author={conversation.myName}
          onRetry={() => conversation.onRetryReply(reply.id)}
          onDiscard={() => conversation.onDiscardReply(reply.id)}
        />
      ))}
    </div>
  );
}
