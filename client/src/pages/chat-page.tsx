import { useCallback, useEffect, useRef } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../api/http';
import { AppShell } from '../components/app-shell';
import { ChatList } from '../components/chat/chat-list';
import { ChatTranscriptArea } from '../components/chat/chat-transcript-area';
import { ModelPicker } from '../components/chat/model-picker';
import { Composer } from '../components/composer';
import { PlusIcon } from '../components/icons';
import { useAnswerStream } from '../hooks/use-answer-stream';
import { useAutoScroll } from '../hooks/use-auto-scroll';
import { useChatMessages } from '../hooks/use-chat-messages';
import { useChats } from '../hooks/use-chats';
import { useChosenModel } from '../hooks/use-chosen-model';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useDraft } from '../hooks/use-draft';
import { useModels } from '../hooks/use-models';
import { isFinished } from '../lib/answer-state';

const OFFLINE_NOTICE = 'Offline mode — no AI model configured. Answers come from the built-in offline assistant.';

export function ChatPage() {
  const { chatId } = useParams();
  const navigate = useNavigate();
  const chats = useChats();
  const messages = useChatMessages(chatId);
  const models = useModels();
  const [modelId, setModelId] = useChosenModel();
  const [draft, setDraft] = useDraft(chatId ?? 'new');
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const scroll = useAutoScroll(chatId ?? 'new');

  const onChatCreated = useCallback((id: string) => void navigate(`/chat/${id}`, { replace: true }), [navigate]);
  const { answer, send, stop } = useAnswerStream({ chatId, messages: messages.data, onChatCreated });
  const busy = answer !== null && !isFinished(answer);

  const title = chats.data?.find((chat) => chat.id === chatId)?.title || (chatId ? 'Chat' : 'New chat');
  useDocumentTitle(title);

  const chosen = models.data?.find((model) => model.id === modelId) ?? null;
  const chatModels = models.data?.filter((model) => model.capabilities.includes('CHAT')) ?? [];
  const offlineOnly = chatModels.length > 0 && chatModels.every((model) => model.offline);

  const submit = useCallback(
    (text: string) => {
      if (send(text, chosen && { id: chosen.id, label: chosen.label })) {
        setDraft('');
        scroll.follow();
      }
    },
    [send, chosen, setDraft, scroll],
  );

  // Esc stops the answer (unless a dialog or menu took it); Ctrl/⌘+Shift+O starts a new chat;
  // Shift+Esc puts the cursor in the message box.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (event.key === 'Escape' && event.shiftKey) {
        event.preventDefault();
        composerRef.current?.focus();
      } else if (event.key === 'Escape' && busy && !document.querySelector('dialog[open]')) {
        event.preventDefault();
        stop();
      } else if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.key.toLowerCase() === 'o') {
        event.preventDefault();
        void navigate('/chat');
        composerRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [busy, stop, navigate]);

  const missing = messages.error instanceof ApiError && messages.error.status === 404;

  return (
    <AppShell
      sidebarLabel="Conversations"
      sidebar={
        <>
          <button
            type="button"
            className="btn btn-block"
            title="New chat (Ctrl+Shift+O)"
            onClick={() => {
              void navigate('/chat');
              composerRef.current?.focus();
            }}
          >
            <PlusIcon size={18} />
            New chat
          </button>
          <h2 className="sidebar-heading">Conversations</h2>
          <ChatList currentId={chatId} />
        </>
      }
    >
      <div className="chat">
        <header className="chat-header">
          <h1 className="chat-title">{title}</h1>
        </header>
        <ChatTranscriptArea
          chatId={chatId}
          messages={messages}
          missing={missing}
          answer={answer}
          scroll={scroll}
          onRetry={submit}
        />
        <Composer
          value={draft}
          onChange={setDraft}
          onSend={submit}
          busy={busy}
          stopping={answer?.stopping ?? false}
          onStop={stop}
          notice={offlineOnly ? { text: OFFLINE_NOTICE, urgent: false } : undefined}
          tools={models.data && <ModelPicker models={models.data} value={chosen?.id ?? null} onChange={setModelId} />}
          textareaRef={composerRef}
        />
      </div>
    </AppShell>
  );
}
