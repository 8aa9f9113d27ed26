import { useRef, useState } from 'react';
import { AppShell } from '../components/app-shell';
import { Composer } from '../components/composer';
import { EmptyState } from '../components/empty-state';
import { ChatIcon, PlusIcon } from '../components/icons';
import { useDocumentTitle } from '../hooks/use-document-title';

// Messaging needs the chat API, which this server does not offer yet: say so instead of pretending.
const NOT_AVAILABLE = "Messaging isn't available on this server yet, so messages can't be sent.";
const NOT_SENT = "Not sent: messaging isn't available yet. Your draft is still here.";

export function ChatPage() {
  useDocumentTitle('Chat');
  const [draft, setDraft] = useState('');
  const [sendRefused, setSendRefused] = useState(false);
  const composerRef = useRef<HTMLTextAreaElement>(null);

  function editDraft(value: string) {
    setDraft(value);
    setSendRefused(false);
  }

  return (
    <AppShell
      sidebarLabel="Conversations"
      sidebar={
        <>
          <button type="button" className="btn btn-block" onClick={() => composerRef.current?.focus()}>
            <PlusIcon size={18} />
            New chat
          </button>
          <h2 className="sidebar-heading">Conversations</h2>
          <p className="sidebar-empty">No conversations yet. The ones you start will be listed here.</p>
        </>
      }
    >
      <div className="chat">
        <h1 className="visually-hidden">Chat</h1>
        <div className="chat-body">
          <EmptyState icon={<ChatIcon size={28} />} title="Start a conversation" />
        </div>
        <Composer
          value={draft}
          onChange={editDraft}
          onSend={() => setSendRefused(true)}
          notice={{ text: sendRefused ? NOT_SENT : NOT_AVAILABLE, urgent: sendRefused }}
          textareaRef={composerRef}
        />
      </div>
    </AppShell>
  );
}
