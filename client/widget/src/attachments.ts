/**
 * Files the visitor attaches to their next message, as chips above the composer: uploading (with
 * %), reading (the server extracts the text), ready, or failed with the reason. Pure: chat.ts does
 * the uploads and polling, chat-view.ts draws the chips.
 */

export type ChipState = 'uploading' | 'reading' | 'ready' | 'failed';

export interface Attachment {
  /** Stable for the chip's life: `att:<n>`. */
  key: string;
  name: string;
  size: number;
  state: ChipState;
  /** Upload progress, 0–100, while uploading. */
  percent: number;
  /** The server's id once uploaded. */
  fileId: string | null;
  /** Why it failed, in words for the visitor. */
  error: string | null;
}

export interface AttachLimits {
  maxBytes: number;
  /** Files one message may carry. */
  maxCount: number;
}

/** A file's server state (`uploaded → extracting → extracted → vectorizing → vectorized | failed`) as a chip state. */
export function chipStateOf(serverState: string): ChipState {
  switch (serverState) {
    case 'extracted':
    case 'vectorized':
      return 'ready';
    case 'failed':
      return 'failed';
    default:
      return 'reading';
  }
}

/** What the chip says besides the name. */
export function chipLabel(attachment: Attachment): string {
  switch (attachment.state) {
    case 'uploading':
      return `Uploading ${attachment.percent}%`;
    case 'reading':
      return 'Reading…';
    case 'ready':
      return 'Ready';
    case 'failed':
      return attachment.error ?? 'Failed';
  }
}

/** 10485760 → "10 MB", 2048 → "2 KB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * New chips for files the visitor picked, dropped or pasted: those over the size limit or past
 * the number a message may carry come as failed chips saying why (and are never uploaded).
 */
export function admitFiles(files: ReadonlyArray<{ name: string; size: number }>, current: readonly Attachment[], limits: AttachLimits, nextKey: () => string): Attachment[] {
  let open = current.filter((attachment) => attachment.state !== 'failed').length;
  return files.map((file) => {
    const chip: Attachment = { key: nextKey(), name: file.name || 'file', size: file.size, state: 'uploading', percent: 0, fileId: null, error: null };
    if (file.size > limits.maxBytes) return { ...chip, state: 'failed', error: `Too large: files up to ${formatSize(limits.maxBytes)}` };
    if (file.size === 0) return { ...chip, state: 'failed', error: 'The file is empty' };
    if (open >= limits.maxCount) return { ...chip, state: 'failed', error: `At most ${limits.maxCount} files per message` };
    open++;
    return chip;
  });
}

/** The chip `key` changed; the list keeps its identity when nothing did (the view redraws chips only on change). */
export function updateAttachment(list: readonly Attachment[], key: string, change: Partial<Attachment>): Attachment[] {
  const index = list.findIndex((attachment) => attachment.key === key);
  if (index === -1) return list as Attachment[];
  const current = list[index];
  const next = { ...current, ...change };
  if ((Object.keys(change) as Array<keyof Attachment>).every((field) => next[field] === current[field])) return list as Attachment[];
  const copy = [...list];
  copy[index] = next;
  return copy;
}

/** Sending waits while a file is still uploading (its id is not known yet). */
export function uploading(list: readonly Attachment[]): boolean {
  return list.some((attachment) => attachment.state === 'uploading');
}

/** The ids a message carries: every uploaded file that has not failed (one still being read is fine: the answer waits for it). */
export function attachedIds(list: readonly Attachment[]): string[] {
  return list.filter((attachment) => attachment.fileId !== null && attachment.state !== 'failed').map((attachment) => attachment.fileId as string);
}
