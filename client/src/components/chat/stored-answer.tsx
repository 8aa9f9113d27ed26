import { useRef, type ReactNode } from 'react';
import type { Message } from '../../api/chats';
import { useInView } from '../../hooks/use-in-view';
import { useMessageDetail } from '../../hooks/use-message-detail';
import { viewOfStored } from '../../lib/answer-view';
import { AssistantMessage } from './assistant-message';

/** An answer from the chat's history; its task cards and files load once it scrolls into view. */
export function StoredAnswer({ message, onRetry, note }: { message: Message; onRetry?: () => void; note?: ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  const inView = useInView(ref);
  const detail = useMessageDetail(message.id, inView);
  return <AssistantMessage ref={ref} view={viewOfStored(message, detail.data)} onRetry={onRetry} note={note} />;
}
