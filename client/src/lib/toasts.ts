/** Short notices about background work (a save that failed and was rolled back …). */
export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error' | 'success';
}

const TOAST_MS = 6_000;
let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function set(next: readonly Toast[]): void {
  toasts = next;
  for (const listener of listeners) listener();
}

export function showToast(text: string, tone: Toast['tone'] = 'info'): void {
  const id = nextId++;
  set([...toasts.filter((toast) => toast.text !== text), { id, text, tone }].slice(-4));
  setTimeout(() => dismissToast(id), TOAST_MS);
}

export function dismissToast(id: number): void {
  set(toasts.filter((toast) => toast.id !== id));
}

export function getToasts(): readonly Toast[] {
  return toasts;
}

export function subscribeToasts(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
