import type { ReactNode } from 'react';
import { AlertIcon } from './icons';

/** An error shown where it happened; announced by screen readers as it appears. */
export function InlineAlert({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="inline-alert" role="alert">
      <AlertIcon className="inline-alert-icon" />
      <span className="inline-alert-text">{children}</span>
      {action}
    </div>
  );
}
