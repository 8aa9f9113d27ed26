import { useEffect, useState } from 'react';
import { CheckIcon } from './icons';

/** "Saved ✓" for a few seconds after each successful save (`savedAt` changes). */
export function SavedNote({ savedAt }: { savedAt: number }) {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    if (!savedAt) return;
    setVisible(true);
    const timer = setTimeout(() => setVisible(false), 3000);
    return () => clearTimeout(timer);
  }, [savedAt]);
  return (
    <span className="saved-note" role="status">
      {visible && (
        <>
          <CheckIcon size={14} />
          Saved
        </>
      )}
    </span>
  );
}
