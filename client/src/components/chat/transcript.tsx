import type { Ref } from 'react';
import type { Message } from '../../api/chats';
import type { AnswerState } from '../../lib/answer-state';
import { viewOfLive } from '../../lib/answer-view';
import { AssistantMessage } from './assistant-message';
import { StoredAnswer } from './stored-answer';
import { UserMessage } from './user-message';

interface TranscriptProps {
  messages: Message[];
  /** The answer streaming (or just streamed) in this chat, which replaces its stored copy. */
  live: AnswerState | null;
  liveRef: Ref<HTMLElement>;
  onRetry: (question: string) => void;
}

/** The chat's messages in order, with the live answer merged in where it belongs. */
export function Transcript({ messages, live, liveRef, onRetry }: TranscriptProps) {
  const liveShown = live !== null && messages.some((message) => message.id === live.messageId);
  const questionShown = live !== null && live.userMessageId !== null && messages.some((message) => message.id === live.userMessageId);
  const lastAssistant = messages.findLast((message) => message.role === 'assistant');

  return (
    <div className="transcript">
      {messages.map((message, index) => {
        if (message.role === 'user') return <UserMessage key={message.id} text={message.text} />;
        if (live && message.id === live.messageId) {
          return <AssistantMessage key={message.id} ref={liveRef} view={viewOfLive(live)} onRetry={() => onRetry(live.userText)} />;
        }
        const question = messages.slice(0, index).findLast((candidate) => candidate.role === 'user');
        const retry = message.id === lastAssistant?.id && question ? () => onRetry(question.text) : undefined;
        return <StoredAnswer key={message.id} message={message} onRetry={retry} />;
      })}
      {live && !liveShown && (
        <>
          {!questionShown && <UserMessage text={live.userText} />}
          <AssistantMessage ref={liveRef} view={viewOfLive(live)} onRetry={() => onRetry(live.userText)} />
        </>
      )}
    </div>
  );
}
