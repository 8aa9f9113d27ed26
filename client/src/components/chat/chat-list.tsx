import { useState } from 'react';
import { NavLink, useNavigate } from 'react-router-dom';
import type { Chat } from '../../api/chats';
import { useChats } from '../../hooks/use-chats';
import { useDeleteChat } from '../../hooks/use-delete-chat';
import { channelName } from '../../lib/channel-conversations';
import { errorMessage } from '../../lib/error-messages';
import { relativeTime } from '../../lib/format';
import { ConfirmDialog } from '../confirm-dialog';
import { TrashIcon } from '../icons';
import { QueryError } from '../query-error';

/** The sidebar's conversations, most recent first, each with Delete (confirmed). */
export function ChatList({ currentId }: { currentId: string | undefined }) {
  const chats = useChats();
  const [deleting, setDeleting] = useState<Chat | null>(null);
  const remove = useDeleteChat();
  const navigate = useNavigate();

  if (chats.isPending) {
    return (
      <div className="chat-list-skeleton" role="status">
        <span className="visually-hidden">Loading conversations…</span>
        <span className="skeleton" />
        <span className="skeleton" />
        <span className="skeleton" />
      </div>
    );
  }
  if (chats.isError) return <QueryError error={chats.error} onRetry={() => void chats.refetch()} />;
  if (chats.data.length === 0) return <p className="sidebar-empty">No conversations yet. The ones you start will be listed here.</p>;

  return (
    <>
      <ul className="chat-list">
        {chats.data.map((chat) => (
          <li key={chat.id} className="chat-list-item">
            <NavLink to={`/chat/${chat.id}`} className="chat-link" title={chat.title}>
              <span className="chat-link-title">{chat.title || 'New chat'}</span>
              <ChatLinkMeta chat={chat} />
            </NavLink>
            <button type="button" className="btn-icon btn-icon-small btn-icon-danger chat-delete" aria-label={`Delete “${chat.title || 'New chat'}”`} onClick={() => setDeleting(chat)}>
              <TrashIcon size={16} />
            </button>
          </li>
        ))}
      </ul>
      {chats.hasNextPage && (
        <button type="button" className="btn btn-small" disabled={chats.isFetchingNextPage} onClick={() => void chats.fetchNextPage()}>
          {chats.isFetchingNextPage ? 'Loading…' : 'Show older chats'}
        </button>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete “${deleting.title || 'New chat'}”?`}
          confirmLabel={remove.isPending ? 'Deleting…' : 'Delete chat'}
          pending={remove.isPending}
          error={remove.isError ? errorMessage(remove.error) : undefined}
          onConfirm={() =>
            remove.mutate(deleting.id, {
              onSuccess: () => {
                if (deleting.id === currentId) void navigate('/chat');
                setDeleting(null);
              },
            })
          }
          onCancel={() => {
            setDeleting(null);
            remove.reset();
          }}
        >
          <p className="muted">The conversation and its files are removed for good.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

/** When the chat was last active and, for one that came in elsewhere (WhatsApp, e-mail, the API), where. */
function ChatLinkMeta({ chat }: { chat: Chat }) {
  const channel = channelName(chat.channel);
  return (
    <span className="chat-link-time">
      {channel && (
        <>
          <span className="chat-link-channel">{channel}</span> <span aria-hidden="true">·</span>{' '}
        </>
      )}
      {relativeTime(chat.lastMessageAt)}
    </span>
  );
}
