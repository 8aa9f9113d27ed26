import type { Chat } from '../../api/chats';
import { useChatMemory } from '../../hooks/use-chat-memory';
import { errorMessage } from '../../lib/error-messages';
import { showToast } from '../../lib/toasts';
import { MemoryIcon } from '../icons';
import { Switch } from '../switch';

/**
 * Memory on or off for one stored chat (incognito turns are never stored, so they never get
 * here: they neither use nor add memories anyway).
 */
export function ChatMemorySwitch({ chat }: { chat: Chat }) {
  const update = useChatMemory(chat.id);
  const on = chat.memoryEnabled;
  return (
    <div
      className="chat-memory"
      title={on ? 'Answers in this chat may use your memories, and what you tell it may be remembered.' : 'This chat neither uses nor adds memories.'}
    >
      <MemoryIcon size={16} />
      <span aria-hidden="true">Memory</span>
      <Switch
        label="Memory"
        checked={on}
        onChange={(memoryEnabled) =>
          update.mutate(memoryEnabled, {
            onError: (error) => showToast(`Memory is still ${memoryEnabled ? 'off' : 'on'} in this chat: ${errorMessage(error)}`, 'error'),
          })
        }
      />
    </div>
  );
}
