import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { readAnswerStream, type MessageAction, type StreamSource } from '../api/answer-stream';
import type { Message } from '../api/chats';
import { ApiError } from '../api/http';
import { queryKeys } from '../api/query-keys';
import type { StreamEvent } from '../api/stream-events';
import { stopAnswer } from '../api/chats';
import { isFinished, newAnswer, type AnswerState } from '../lib/answer-state';
import {
  flushKey,
  getAnswer,
  moveAnswer,
  NEW_CHAT_KEY,
  onAnswerFinished,
  queueEvent,
  setAnswer,
  subscribeAnswers,
  updateAnswer,
} from '../lib/live-answers';
import { browserTimeZone } from '../lib/time-zone';
import { showToast } from '../lib/toasts';

/** One open event stream; its key moves from NEW_CHAT_KEY to the chat id once the server names it. */
interface Connection {
  key: string;
  controller: AbortController;
  /** Stop was pressed before the server said which track to stop. */
  stopWanted: boolean;
  /** An incognito turn: its conversation is stored nowhere, so it stays on the new chat's page. */
  incognito: boolean;
  onChatCreated: (chatId: string) => void;
  onStarted: (chatId: string) => void;
}

const connections = new Map<string, Connection>();
const MAX_REATTACHES = 5;

export interface ChosenModel {
  id: string;
  label: string;
}

/** A chat action's turn as the chat shows it at once: the question (its new text after an edit), and the answer a Continue goes on from. */
export interface ActionTurn {
  questionId: string;
  questionText: string;
  continued?: { messageId: string; text: string; thinking: string | null; thinkingMs: number | null };
}

/**
 * The answer streaming in one chat: sends a message and reads its events, stops it, and
 * re-attaches to an answer still being written (after a reload, or on returning to the chat).
 * Leaving the chat detaches without cancelling: the server goes on writing.
 */
export function useAnswerStream({ chatId, messages, onChatCreated }: { chatId: string | undefined; messages: Message[] | undefined; onChatCreated: (chatId: string) => void }) {
  const queryClient = useQueryClient();
  const key = chatId ?? NEW_CHAT_KEY;
  const answer = useSyncExternalStore(subscribeAnswers, () => getAnswer(key));
  const createdRef = useRef(onChatCreated);
  useEffect(() => {
    createdRef.current = onChatCreated;
  });

  // A finished answer is stored now: show the stored messages, the chat's new place in the list.
  useEffect(
    () =>
      onAnswerFinished((state) => {
        if (!state.chatId) return;
        void queryClient.invalidateQueries({ queryKey: queryKeys.chats.messages(state.chatId) });
        void queryClient.invalidateQueries({ queryKey: queryKeys.chats.list() });
        if (state.messageId) void queryClient.invalidateQueries({ queryKey: queryKeys.messages.detail(state.messageId) });
      }),
    [queryClient],
  );

  const callbacks = useCallback(
    (incognito = false) => ({
      incognito,
      onChatCreated: (id: string) => createdRef.current(id),
      onStarted: () => void queryClient.invalidateQueries({ queryKey: queryKeys.chats.list() }),
    }),
    [queryClient],
  );

  // Re-attach to an answer this chat is still waiting for.
  useEffect(() => {
    if (!chatId || connections.has(chatId)) return;
    const current = getAnswer(chatId);
    if (current && !isFinished(current)) {
      if (current.trackId) {
        void run(chatId, { kind: 'resume', trackId: current.trackId, lastEventId: current.lastEventId }, callbacks());
      } else {
        // Left before the server answered: the stored messages tell what became of it.
        setAnswer(chatId, null);
        void queryClient.invalidateQueries({ queryKey: queryKeys.chats.messages(chatId) });
      }
      return;
    }
    const waiting = messages?.findLast((message) => message.role === 'assistant');
    if (!waiting?.trackId || (waiting.status !== 'pending' && waiting.status !== 'streaming')) return;
    if (current?.messageId === waiting.id) return;
    const question = messages?.find((message) => message.id === waiting.replyToId);
    // The stream replays from its start; an answer being continued starts from the text it had.
    const continued = { messageId: waiting.id, text: waiting.text, thinking: waiting.thinking, thinkingMs: waiting.thinkingMs };
    setAnswer(chatId, {
      ...newAnswer({ chatId, userText: question?.text ?? '', userFileIds: question?.fileIds, modelLabel: null, now: Date.now(), continued }),
      status: 'streaming',
      trackId: waiting.trackId,
      messageId: waiting.id,
      userMessageId: question?.id ?? null,
    });
    void run(chatId, { kind: 'resume', trackId: waiting.trackId, lastEventId: null }, callbacks());
  }, [chatId, messages, callbacks, queryClient]);

  // Switching chats or leaving the page detaches (the server keeps writing; we re-attach on return).
  useEffect(
    () => () => {
      const connection = connections.get(key);
      connections.delete(key);
      connection?.controller.abort();
    },
    [key],
  );

  /** `incognito`: the turn is stored nowhere and starts a conversation of its own (so no chatId). */
  const send = useCallback(
    (text: string, model: ChosenModel | null, fileIds: string[] = [], incognito = false): boolean => {
      const current = getAnswer(key);
      if (current && !isFinished(current)) return false;
      setAnswer(key, newAnswer({ chatId: incognito ? null : (chatId ?? null), userText: text, userFileIds: fileIds, modelLabel: model?.label ?? null, now: Date.now(), incognito }));
      const input = {
        message: text,
        ...(chatId && !incognito ? { chatId } : {}),
        ...(model ? { modelId: model.id } : {}),
        ...(fileIds.length > 0 ? { fileIds } : {}),
        ...(incognito ? { incognito: true } : {}),
        timeZone: browserTimeZone(),
      };
      void run(key, { kind: 'send', input }, callbacks(incognito));
      return true;
    },
    [key, chatId, callbacks],
  );

  /** A chat action on the chat's latest turn (answer again, edit and resend, continue), streamed like a sent message. */
  const act = useCallback(
    (input: MessageAction, turn: ActionTurn, model: ChosenModel | null): boolean => {
      const current = getAnswer(key);
      if (!chatId || (current && !isFinished(current))) return false;
      setAnswer(key, {
        ...newAnswer({ chatId, userText: turn.questionText, modelLabel: model?.label ?? null, now: Date.now(), continued: turn.continued }),
        userMessageId: turn.questionId,
        messageId: turn.continued?.messageId ?? null,
      });
      // Answered anew, a question's calendar events fall in the sender's zone as when it was sent; continuing runs no steps.
      void run(key, { kind: 'act', input: input.action === 'continue' ? input : { ...input, timeZone: browserTimeZone() } }, callbacks());
      return true;
    },
    [key, chatId, callbacks],
  );

  const stop = useCallback(() => {
    flushKey(key);
    const current = getAnswer(key);
    if (!current || isFinished(current) || current.stopping) return;
    updateAnswer(key, (state) => ({ ...state, stopping: true }));
    if (current.trackId) requestStop(key, current.trackId);
    else {
      const connection = connections.get(key);
      if (connection) connection.stopWanted = true;
    }
  }, [key]);

  return { answer, send, act, stop };
}

function requestStop(key: string, trackId: string): void {
  stopAnswer(trackId).catch(() => {
    updateAnswer(key, (state) => ({ ...state, stopping: false }));
    showToast("Couldn't stop the answer. Please try again.", 'error');
  });
}

async function run(key: string, first: StreamSource, callbacks: Pick<Connection, 'onChatCreated' | 'onStarted' | 'incognito'>): Promise<void> {
  connections.get(key)?.controller.abort();
  const connection: Connection = { key, controller: new AbortController(), stopWanted: false, ...callbacks };
  connections.set(key, connection);
  const { signal } = connection.controller;
  let source = first;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await readAnswerStream(source, (event) => receive(connection, event), signal);
      } catch (error) {
        if (signal.aborted) return;
        if (source.kind === 'resume' && error instanceof ApiError && error.status === 404) {
          // The track expired: what was written is in the stored message.
          setAnswer(connection.key, null);
          return;
        }
        if (source.kind !== 'resume' && !getAnswer(connection.key)?.trackId) {
          fail(connection.key, error instanceof ApiError ? { code: error.code, message: error.message } : { code: 'UNKNOWN', message: '' });
          return;
        }
      }
      if (signal.aborted) return;
      flushKey(connection.key);
      const state = getAnswer(connection.key);
      if (!state || isFinished(state)) return;
      if (!state.trackId || attempt >= MAX_REATTACHES) {
        fail(connection.key, { code: 'STREAM_INTERRUPTED', message: '' });
        return;
      }
      // The connection ended before the answer did: pick up after the last event we have.
      await pause(Math.min(250 * 2 ** attempt, 4_000), signal);
      source = { kind: 'resume', trackId: state.trackId, lastEventId: state.lastEventId };
    }
  } finally {
    if (connections.get(connection.key) === connection) connections.delete(connection.key);
  }
}

function receive(connection: Connection, event: StreamEvent): void {
  if (event.name === 'started') {
    if (connection.key === NEW_CHAT_KEY && !connection.incognito) {
      const chatId = event.data.chatId;
      flushKey(NEW_CHAT_KEY);
      moveAnswer(NEW_CHAT_KEY, chatId);
      connections.delete(NEW_CHAT_KEY);
      connections.get(chatId)?.controller.abort();
      connection.key = chatId;
      connections.set(chatId, connection);
      connection.onChatCreated(chatId);
    }
    connection.onStarted(event.data.chatId);
    if (connection.stopWanted) {
      connection.stopWanted = false;
      requestStop(connection.key, event.data.trackId);
    }
  }
  queueEvent(connection.key, event);
}

function fail(key: string, error: { code: string; message: string }): void {
  flushKey(key);
  updateAnswer(key, (state: AnswerState) => (isFinished(state) ? state : { ...state, status: 'failed', stopping: false, error }));
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
