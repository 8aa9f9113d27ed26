/**
 * What the server tells a signed-in user about their own data on their `user:<userId>` channel
 * (docs/api.md, realtime), so every tab and device of theirs follows along without a reload. The
 * key is the publication's `type`, the value its `data`. Payloads carry ids only, never content:
 * clients refetch what changed through the API, which also applies its access rules again.
 * Incognito turns are never announced (nothing of them is stored to refetch).
 */
export interface UserEventMap {
  /** A chat was created (`POST /chats`, or a message that started a new chat). */
  'chat.created': { chatId: string };
  /** What `GET /chats` shows of a chat changed: today, a new message moved it to the top. */
  'chat.updated': { chatId: string };
  /** A chat was deleted, with its messages. */
  'chat.deleted': { chatId: string };
  /** A message was accepted and its answer (`messageId`, followed on `trackId`) is on its way. */
  'message.started': { chatId: string; messageId: string; trackId: string };
  /** An answer ended and is stored: `complete`, `stopped` (partial answer kept) or `failed`. */
  'message.completed': { chatId: string; messageId: string; status: 'complete' | 'stopped' | 'failed' };
  /** A message's delivery on WhatsApp or e-mail moved on (sent, delivered, read, failed): `GET /chats/:id/deliveries`. */
  'message.delivery': { chatId: string; messageId: string };
  /** An upload moved on: `extracting`, `extracted`, `failed` (`GET /files/:id` says why), …; `progress` 0–100 within a state. */
  'file.updated': { fileId: string; state: 'uploaded' | 'extracting' | 'extracted' | 'vectorizing' | 'vectorized' | 'failed'; progress?: number };
  /**
   * A widget's website (knowledge source) was added, or its crawl moved on (`queued`, `crawling` with
   * `pages` read so far, `done`, `failed` with `error`): the whole WidgetSourceDto, which holds no
   * more than the owner's own settings.
   */
  'widget.source.updated': {
    id: string;
    widgetId: string;
    url: string;
    state: 'queued' | 'crawling' | 'done' | 'failed';
    pages: number;
    error: string | null;
    crawledAt: string | null;
    createdAt: string;
  };
}

export type UserEventType = keyof UserEventMap;
