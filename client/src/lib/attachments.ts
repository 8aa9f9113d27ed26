import type { StoredFile } from '../api/chats';
import type { FileEvent } from '../api/realtime';

type ServerFileState = FileEvent['data']['state'];

/**
 * What a chip in the composer says about its file: its bytes are on their way (`uploading`), the
 * server reads its text (`reading`) or indexes it (`indexing`), it is `ready`, or it `failed`.
 */
export type AttachmentPhase = 'uploading' | 'reading' | 'indexing' | 'ready' | 'failed';

export interface Attachment {
  /** This tab's own id for the chip (the server's id comes once the upload is answered). */
  key: string;
  name: string;
  size: number;
  mime: string;
  fileId: string | null;
  phase: AttachmentPhase;
  /** The server's state of the file, once known: states only move forward. */
  serverState: ServerFileState | null;
  /** 0–100 within the phase (upload bytes sent, pages read), null when unknown. */
  percent: number | null;
  /** Why it failed, in words for the user; null while the reason is being fetched. */
  error: string | null;
}

export type AttachmentAction =
  | { type: 'added'; key: string; name: string; size: number; mime: string }
  | { type: 'progress'; key: string; percent: number }
  | { type: 'uploaded'; key: string; file: StoredFile }
  | { type: 'uploadFailed'; key: string; error: string }
  /** A `file.updated` event, or a state read back with `GET /files/:id`. */
  | { type: 'fileState'; fileId: string; state: ServerFileState; progress?: number; error?: string }
  | { type: 'removed'; key: string }
  | { type: 'cleared' };

/** How far along each server state is; an event older than what is known is ignored. */
const RANK: Record<ServerFileState, number> = { uploaded: 0, extracting: 1, extracted: 2, vectorizing: 3, vectorized: 4, failed: 5 };

export function attachmentsReducer(list: readonly Attachment[], action: AttachmentAction): Attachment[] {
  switch (action.type) {
    case 'added':
      return [...list, { key: action.key, name: action.name, size: action.size, mime: action.mime, fileId: null, phase: 'uploading', serverState: null, percent: 0, error: null }];
    case 'progress':
      return update(list, (item) => item.key === action.key && item.phase === 'uploading', (item) => ({ ...item, percent: action.percent }));
    case 'uploaded':
      return update(
        list,
        (item) => item.key === action.key && item.phase === 'uploading',
        (item) => withServerState({ ...item, fileId: action.file.id, name: action.file.name, size: action.file.size, mime: action.file.mime }, action.file.state, undefined, action.file.error),
      );
    case 'uploadFailed':
      return update(list, (item) => item.key === action.key && item.phase === 'uploading', (item) => ({ ...item, phase: 'failed', percent: null, error: action.error }));
    case 'fileState':
      return update(
        list,
        (item) => item.fileId === action.fileId,
        (item) => withServerState(item, action.state, action.progress, action.error),
      );
    case 'removed':
      return list.filter((item) => item.key !== action.key);
    case 'cleared':
      return [];
  }
}

function update(list: readonly Attachment[], matches: (item: Attachment) => boolean, change: (item: Attachment) => Attachment): Attachment[] {
  let changed = false;
  const next = list.map((item) => {
    if (!matches(item)) return item;
    const changedItem = change(item);
    if (changedItem !== item) changed = true;
    return changedItem;
  });
  return changed ? next : (list as Attachment[]);
}

function withServerState(item: Attachment, state: string, progress: number | undefined, error: string | undefined): Attachment {
  if (!isServerState(state)) return item;
  const known = item.serverState;
  // Events may arrive out of order with the upload's answer or a refetch: never go back.
  if (known !== null && RANK[state] < RANK[known]) return item;
  // The same state again only refreshes the progress (or fills in a failure's reason).
  if (known === state) {
    if (state === 'failed') return error && !item.error ? { ...item, error: failureText(error) } : item;
    return progress === undefined ? item : { ...item, percent: clamp(progress) };
  }
  const phase = phaseOf(state);
  return {
    ...item,
    serverState: state,
    phase,
    percent: phase === 'reading' || phase === 'indexing' ? (progress === undefined ? null : clamp(progress)) : null,
    error: state === 'failed' ? (error ? failureText(error) : null) : null,
  };
}

function phaseOf(state: ServerFileState): AttachmentPhase {
  switch (state) {
    case 'uploaded':
      // Every upload is read next, images too (OCR), so an uploaded file is about to be read.
      return 'reading';
    case 'extracting':
      return 'reading';
    case 'vectorizing':
      return 'indexing';
    case 'extracted':
    case 'vectorized':
      return 'ready';
    case 'failed':
      return 'failed';
  }
}

function isServerState(state: string): state is ServerFileState {
  return Object.hasOwn(RANK, state);
}

function clamp(percent: number): number {
  return Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : 0;
}

/** A stored failure is `CODE: explanation`; the explanation is written for people. */
export function failureText(error: string): string {
  const colon = error.indexOf(': ');
  const explanation = colon > 0 && /^[A-Z_]+$/.test(error.slice(0, colon)) ? error.slice(colon + 2) : error;
  return explanation.trim() || "This file couldn't be read.";
}

/** Send waits for the bytes (the server waits for the reading itself); a failed file must go first. */
export function sendBlocker(list: readonly Attachment[]): 'uploading' | 'failed' | null {
  if (list.some((item) => item.phase === 'failed')) return 'failed';
  if (list.some((item) => item.phase === 'uploading')) return 'uploading';
  return null;
}

/** The ids to send with the message: every uploaded file that has not failed. */
export function sendableFileIds(list: readonly Attachment[]): string[] {
  return list.flatMap((item) => (item.fileId && item.phase !== 'failed' ? [item.fileId] : []));
}

/** "12 KB", "3.4 MB": sizes in chips and previews. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
