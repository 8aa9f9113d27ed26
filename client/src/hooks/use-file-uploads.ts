import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { deleteFile, fetchFile, uploadFile } from '../api/files';
import { ApiError } from '../api/http';
import { queryKeys } from '../api/query-keys';
import { fileEventOf, followUserChannel, type FileEvent } from '../api/realtime';
import { attachmentsReducer, sendBlocker, sendableFileIds, type Attachment, type AttachmentAction } from '../lib/attachments';
import { errorMessage } from '../lib/error-messages';
import { showToast } from '../lib/toasts';
import { useMe } from './use-me';

/** The server takes at most this many files with one message (SendMessageDto.fileIds). */
export const MAX_ATTACHMENTS = 10;
/** `file.updated` events kept for files whose upload has not been answered yet (extraction can be that quick). */
const MAX_EARLY_EVENTS = 50;

const EMPTY: Attachment[] = [];

// The composer's attachments per chat, outside React: they keep uploading when the user switches
// chats, and are there again on coming back (like the draft).
const lists = new Map<string, Attachment[]>();
const uploads = new Map<string, AbortController>();
const earlyEvents = new Map<string, FileEvent['data']>();
const listeners = new Set<() => void>();
let nextKey = 1;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function dispatch(chatKey: string, action: AttachmentAction): void {
  const before = lists.get(chatKey) ?? EMPTY;
  const after = attachmentsReducer(before, action);
  if (after === before) return;
  if (after.length === 0) lists.delete(chatKey);
  else lists.set(chatKey, after);
  for (const listener of listeners) listener();
}

/** A file's new state, for whichever chat's composer holds it. */
function applyFileState(queryClient: QueryClient, data: FileEvent['data'] & { error?: string }): void {
  const holder = [...lists].find(([, list]) => list.some((item) => item.fileId === data.fileId));
  if (!holder) {
    earlyEvents.delete(data.fileId);
    earlyEvents.set(data.fileId, data);
    if (earlyEvents.size > MAX_EARLY_EVENTS) earlyEvents.delete(earlyEvents.keys().next().value as string);
    return;
  }
  dispatch(holder[0], { type: 'fileState', fileId: data.fileId, state: data.state, progress: data.progress, error: data.error });
  // The event says only that it failed: the reason is on the file.
  if (data.state === 'failed' && !data.error) void refetch(queryClient, data.fileId);
}

async function refetch(queryClient: QueryClient, fileId: string): Promise<void> {
  try {
    const file = await fetchFile(fileId);
    queryClient.setQueryData(queryKeys.files.detail(fileId), file);
    applyFileState(queryClient, { fileId, state: file.state, error: file.error });
  } catch {
    // Removed meanwhile, or offline: the next event or resync tells.
  }
}

async function upload(queryClient: QueryClient, chatKey: string, key: string, file: File): Promise<void> {
  const controller = new AbortController();
  uploads.set(key, controller);
  try {
    const stored = await uploadFile(file, (percent) => dispatch(chatKey, { type: 'progress', key, percent }), controller.signal);
    queryClient.setQueryData(queryKeys.files.detail(stored.id), stored);
    dispatch(chatKey, { type: 'uploaded', key, file: stored });
    const early = earlyEvents.get(stored.id);
    earlyEvents.delete(stored.id);
    if (early) applyFileState(queryClient, early);
    else if (stored.state === 'failed' && !stored.error) void refetch(queryClient, stored.id);
  } catch (error) {
    if (controller.signal.aborted) return;
    dispatch(chatKey, { type: 'uploadFailed', key, error: uploadErrorMessage(error) });
  } finally {
    uploads.delete(key);
  }
}

/** The server's own words where they tell the user what to change (the accepted types, the size limit). */
export function uploadErrorMessage(error: unknown): string {
  if (error instanceof ApiError && error.message) {
    if (error.code === 'UNSUPPORTED_MEDIA_TYPE' || error.code === 'VALIDATION_FAILED') return error.message;
    if (error.code === 'PAYLOAD_TOO_LARGE') return 'This file is larger than uploads may be.';
  }
  return errorMessage(error);
}

/**
 * The files attached in one chat's composer: each uploads at once (with its progress), then
 * follows the server's reading and indexing live (`file.updated` on the user channel).
 */
export function useFileUploads(chatKey: string) {
  const queryClient = useQueryClient();
  const attachments = useSyncExternalStore(subscribe, () => lists.get(chatKey) ?? EMPTY);
  const userId = useMe().data?.id;

  // The app already follows the user channel, so this adds a listener to a live subscription.
  useEffect(() => {
    if (!userId) return;
    return followUserChannel(userId, {
      onPublication: (publication) => {
        const event = fileEventOf(publication);
        if (event) applyFileState(queryClient, event.data);
      },
      // Events may have been missed: read back every file still on its way.
      onResync: () => {
        for (const list of lists.values()) {
          for (const item of list) if (item.fileId && (item.phase === 'reading' || item.phase === 'indexing')) void refetch(queryClient, item.fileId);
        }
      },
    });
  }, [userId, queryClient]);

  const add = useCallback(
    (files: readonly File[]) => {
      const room = MAX_ATTACHMENTS - (lists.get(chatKey)?.length ?? 0);
      if (files.length > room) showToast(`At most ${MAX_ATTACHMENTS} files can go with one message.`, 'error');
      for (const file of files.slice(0, Math.max(0, room))) {
        const key = `attachment-${nextKey++}`;
        dispatch(chatKey, { type: 'added', key, name: file.name, size: file.size, mime: file.type });
        void upload(queryClient, chatKey, key, file);
      }
    },
    [chatKey, queryClient],
  );

  const remove = useCallback(
    (key: string) => {
      const item = lists.get(chatKey)?.find((candidate) => candidate.key === key);
      uploads.get(key)?.abort();
      dispatch(chatKey, { type: 'removed', key });
      // Never sent, so nothing else refers to it.
      if (item?.fileId) deleteFile(item.fileId).catch(() => undefined);
    },
    [chatKey],
  );

  /** After sending: the files now belong to the message. */
  const clear = useCallback(() => dispatch(chatKey, { type: 'cleared' }), [chatKey]);

  return { attachments, add, remove, clear, blocker: sendBlocker(attachments), fileIds: sendableFileIds(attachments) };
}
