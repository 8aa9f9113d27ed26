/** Every query key of the app, so invalidations and cache patches can't drift from the queries. */
export const queryKeys = {
  auth: {
    me: () => ['auth', 'me'] as const,
  },
  apiKeys: {
    list: () => ['apiKeys', 'list'] as const,
  },
  chats: {
    all: () => ['chats'] as const,
    list: () => ['chats', 'list'] as const,
    detail: (id: string) => ['chats', 'detail', id] as const,
    messages: (id: string) => ['chats', 'messages', id] as const,
    deliveries: (id: string) => ['chats', 'deliveries', id] as const,
    /** Mutation keys: a person's replies to WhatsApp and e-mail chats, all of them or one chat's. */
    allReplies: () => ['chats', 'replies'] as const,
    replies: (id: string) => ['chats', 'replies', id] as const,
  },
  messages: {
    detail: (id: string) => ['messages', 'detail', id] as const,
  },
  files: {
    detail: (id: string) => ['files', 'detail', id] as const,
  },
  memories: {
    list: () => ['memories', 'list'] as const,
  },
  /** The user's thumbs on one chat's answers. */
  feedback: {
    chat: (chatId: string) => ['feedback', 'chat', chatId] as const,
  },
  models: {
    list: () => ['models', 'list'] as const,
    settings: () => ['models', 'settings'] as const,
  },
  routing: {
    settings: () => ['routing', 'settings'] as const,
  },
  prompts: {
    list: () => ['prompts', 'list'] as const,
  },
  mailboxes: {
    list: () => ['mailboxes', 'list'] as const,
  },
  whatsappNumbers: {
    list: () => ['whatsappNumbers', 'list'] as const,
  },
  webhooks: {
    endpoints: () => ['webhooks', 'endpoints'] as const,
    deliveries: (endpointId: string) => ['webhooks', 'deliveries', endpointId] as const,
  },
  widgets: {
    all: () => ['widgets'] as const,
    list: () => ['widgets', 'list'] as const,
    /** Every session list and transcript of one widget (invalidated when the widget goes). */
    of: (widgetId: string) => ['widgets', 'of', widgetId] as const,
    sessions: (widgetId: string) => ['widgets', 'of', widgetId, 'sessions'] as const,
    transcript: (widgetId: string, sessionId: string) => ['widgets', 'of', widgetId, 'transcript', sessionId] as const,
  },
};
