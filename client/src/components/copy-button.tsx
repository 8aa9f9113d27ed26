import { useEffect, useState } from 'react';
import { CheckIcon, CopyIcon } from './icons';

type CopyState = 'idle' | 'copied' | 'failed';

export function CopyButton({ text, what }: { text: string; /** e.g. "Key", for the announcement */ what: string }) {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  return (
    <>
      <button type="button" className="btn" onClick={() => void copy()}>
        {state === 'copied' ? <CheckIcon size={18} /> : <CopyIcon size={18} />}
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span role="status" className={state === 'failed' ? 'field-error' : 'visually-hidden'}>
        {state === 'copied' && `${what} copied to the clipboard`}
        {state === 'failed' && "Couldn't copy. Select the text and copy it yourself."}
      </span>
    </>
  );
}
