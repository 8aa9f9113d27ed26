import { useEffect, useState } from 'react';
import { CheckIcon, CopyIcon } from './icons';

/** A compact Copy: the icon turns into a check for 2 s; the label names what is copied. */
export function IconCopyButton({ text, label, showText = false, className }: { text: string; label: string; showText?: boolean; className?: string }) {
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <button
      type="button"
      className={`${showText ? 'btn-ghost' : 'btn-icon btn-icon-small'}${className ? ` ${className}` : ''}`}
      aria-label={copied ? 'Copied' : label}
      title={copied ? 'Copied' : label}
      onClick={() => void copy()}
    >
      {copied ? <CheckIcon size={16} /> : <CopyIcon size={16} />}
      {showText && <span aria-hidden="true">{copied ? 'Copied' : 'Copy'}</span>}
    </button>
  );
}
