import { useSyncExternalStore } from 'react';
import { dismissToast, getToasts, subscribeToasts } from '../lib/toasts';
import { AlertIcon, CheckIcon, CloseIcon, InfoIcon } from './icons';

/** Where toasts appear; polite for news, assertive for failures. */
export function Toaster() {
  const toasts = useSyncExternalStore(subscribeToasts, getToasts);
  return (
    <div className="toaster" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'}>
          {toast.tone === 'error' ? <AlertIcon size={18} /> : toast.tone === 'success' ? <CheckIcon size={18} /> : <InfoIcon size={18} />}
          <span>{toast.text}</span>
          <button type="button" className="btn-icon btn-icon-small" aria-label="Dismiss" onClick={() => dismissToast(toast.id)}>
            <CloseIcon size={16} />
          </button>
        </div>
      ))}
    </div>
  );
}
