import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../api/http';
import { AppShell } from '../components/app-shell';
import { ChatList } from '../components/chat/chat-list';
import { ChatMemorySwitch } from '../components/chat/chat-memory-switch';
import { ChatTranscriptArea } from '../components/chat/chat-transcript-area';
import { FileDropZone } from '../components/chat/file-drop-zone';
import { ModelPicker } from '../components/chat/model-picker';
import type { TranscriptActions } from '../components/chat/transcript';
import { Composer } from '../components/composer';
import { PlusIcon } from '../components/icons';
import { useAnswerStream } from '../hooks/use-answer-stream';
import { useAutoScroll } from '../hooks/use-auto-scroll';
import { useChannelReply } from '../hooks/use-channel-reply';
import { useChat } from '../hooks/use-chat';
import { useChatDeliveries } from '../hooks/use-chat-deliveries';
import { useChatMessages } from '../hooks/use-chat-messages';
import { useChosenModel } from '../hooks/use-chosen-model';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useDraft } from '../hooks/use-draft';
import { useFileUploads } from '../hooks/use-file-uploads';
import { useMe } from '../hooks/use-me';
import { useModels } from '../hooks/use-models';
import { isFinished } from '../lib/answer-state';
import { conversationCopy, isExternalChannel } from '../lib/channel-conversations';

const OFFLINE_NOTICE = 'Offline mode — no AI model configured. Answers come from the built-in offline assistant.';
const CONVERSATION_NOTICE = 'The AI answers their new messages automatically. What you write here is sent as you wrote it.';

export function ChatPage() {
  const { chatId } = useParams();
  const navigate = useNavigate();
  const chat = useChat(chatId);
  const messages = useChatMessages(chatId);
  const models = useModels();
  const [modelId, setModelId] = useChosenModel();
  // Incognito turns start conversations of their own, so the switch belongs to a new chat only.
  const [incognitoWanted, setIncognito] = useState(false);
  const incognito = incognitoWanted && !chatId;
  const [draft, setDraft] = useDraft(chatId ?? 'new', !incognito);
  const uploads = useFileUploads(chatId ?? 'new');
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const scroll = useAutoScroll(chatId ?? 'new');

  const onChatCreated = useCallback((id: string) => void navigate(`/chat/${id}`, { replace: true }), [navigate]);
  const { answer, send, act, stop } = useAnswerStream({ chatId, messages: messages.data, onChatCreated });

  // A WhatsApp or e-mail conversation: the composer sends a person's reply on that channel. The
  // AI's answers there offer no Retry (it would write as the contact) and no Stop (a stopped
  // answer still goes out with what it has).
  const channel = chat.data && isExternalChannel(chat.data.channel) ? chat.data.channel : null;
  const copy = channel ? conversationCopy(channel) : null;
  const deliveries = useChatDeliveries(channel ? chatId : undefined);
  const replies = useChannelReply(channel ? chatId : undefined);
  const myName = useMe().data?.name ?? 'You';
  const busy = !channel && answer !== null && !isFinished(answer);

  const title = chat.data?.title || (chatId ? 'Chat' : 'New chat');
  useDocumentTitle(title);

  const chosen = models.data?.find((model) => model.id === modelId) ?? null;
  const chatModels = models.data?.filter((model) => model.capabilities.includes('CHAT')) ?? [];
  const offlineOnly = chatModels.length > 0 && chatModels.every((model) => model.offline);

  // Until the chat is known it is not known whether the AI or a person is to be written to.
  const known = !chatId || chat.data !== undefined;
  const { fileIds, blocker, clear: clearUploads } = uploads;
  const ask = useCallback(
    (text: string, withFiles: string[]) => {
      if (known && send(text, chosen && { id: chosen.id, label: chosen.label }, withFiles, incognito)) {
        setDraft('');
        scroll.follow();
        return true;
      }
      return false;
    },
    [known, send, chosen, setDraft, scroll, incognito],
  );
  const switchIncognito = useCallback(
    (on: boolean) => {
      setIncognito(on);
      if (on && chatId) void navigate('/chat');
    },
    [chatId, navigate],
  );

  // Again, edit and continue act on the latest turn of a stored conversation of the user's own.
  const actions = useMemo((): TranscriptActions | undefined => {
    if (!chatId || channel) return undefined;
    const modelFor = (id: string | null) => {
      const model = id === null ? chosen : models.data?.find((candidate) => candidate.id === id);
      return model ? { id: model.id, label: model.label } : null;
    };
    const started = (ok: boolean) => {
      if (ok) scroll.follow();
    };
    return {
      busy,
      models: models.data,
      regenerate: (answerId, question, id) => {
        const model = modelFor(id);
        started(act({ action: 'regenerate', messageId: answerId, ...(model ? { modelId: model.id } : {}) }, { questionId: question.id, questionText: question.text }, model));
      },
      edit: (questionId, text) => {
        const model = modelFor(null);
        started(act({ action: 'edit', messageId: questionId, message: text, ...(model ? { modelId: model.id } : {}) }, { questionId, questionText: text }, model));
      },
      continueAnswer: (continued, question) => {
        const turn = { questionId: question.id, questionText: question.text, continued: { messageId: continued.id, text: continued.text, thinking: continued.thinking, thinkingMs: continued.thinkingMs } };
        started(act({ action: 'continue', messageId: continued.id }, turn, null));
      },
    };
  }, [chatId, channel, busy, models.data, chosen, act, scroll]);
  // The attached files go with the message; still being read is fine (the server waits for them).
  const submit = useCallback(
    (text: string) => {
      if (blocker === null && ask(text, fileIds)) clearUploads();
    },
    [ask, blocker, fileIds, clearUploads],
  );
  const retry = useCallback((text: string) => void ask(text, []), [ask]);

  const { send: sendReply, retry: retryReply, discard: discardReply } = replies;
  const submitReply = useCallback(
    (text: string) => {
      sendReply(text);
      setDraft('');
      scroll.follow();
    },
    [sendReply, setDraft, scroll],
  );
  // The refused reply's buttons go away with it: the cursor goes back to the message box.
  const onRetryReply = useCallback(
    (id: number) => {
      retryReply(id);
      composerRef.current?.focus();
    },
    [retryReply],
  );
  const onDiscardReply = useCallback(
    (id: number) => {
      discardReply(id);
      composerRef.current?.focus();
    },
    [discardReply],
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
      <FileDropZone className="chat" onFiles={channel ? undefined : uploads.add}>
        <header className="chat-header">
          <h1 className="chat-title">{title}</h1>
          {copy && <span className="badge chat-channel">{copy.heading}</span>}
          {incognito && (
            <span className="badge chat-channel" title="Nothing of this conversation is saved">
              Incognito
            </span>
          )}
          {chat.data && <ChatMemorySwitch chat={chat.data} />}
        </header>
        <ChatTranscriptArea
          chatId={chatId}
          messages={messages}
          missing={missing}
          answer={answer}
          scroll={scroll}
          onRetry={channel ? undefined : retry}
          actions={actions}
          incognito={incognito}
          conversation={channel ? { deliveries: deliveries.data, outgoing: replies.outgoing, myName, onRetryReply, onDiscardReply } : undefined}
        />
        <Composer
          value={draft}
          onChange={setDraft}
          onSend={channel ? submitReply : submit}
          busy={busy}
          stopping={answer?.stopping ?? false}
          onStop={stop}
          notice={copy ? { text: CONVERSATION_NOTICE, urgent: false } : offlineOnly ? { text: OFFLINE_NOTICE, urgent: false } : undefined}
          tools={!channel && models.data && <ModelPicker models={models.data} value={chosen?.id ?? null} onChange={setModelId} />}
          placeholder={copy?.placeholder}
          sendLabel={copy?.sendLabel}
          textareaRef={composerRef}
          attachments={channel ? undefined : { items: uploads.attachments, blocker, onAdd: uploads.add, onRemove: uploads.remove }}
          incognito={channel ? undefined : { on: incognito, onChange: switchIncognito }}
        />
      </FileDropZone>
    </AppShell>
  );
}
