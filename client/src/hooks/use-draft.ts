import { useCallback, useState } from 'react';

const PREFIX = 'switchboard.draft.';

function read(key: string): string {
  try {
    return localStorage.getItem(PREFIX + key) ?? '';
  } catch {
    return '';
  }
}

/**
 * The composer's text, kept per chat so it survives switching chats and reloads. Unless
 * `persist` is off (incognito): then it lives in the page only and is never written to storage.
 */
export function useDraft(chatKey: string, persist = true): [string, (value: string) => void] {
  const [state, setState] = useState(() => ({ key: chatKey, value: read(chatKey) }));
  // Another chat: start from its own draft (state derived during render, no effect needed).
  const current = state.key === chatKey ? state : { key: chatKey, value: read(chatKey) };
  if (current !== state) setState(current);

  const setDraft = useCallback(
    (value: string) => {
      setState({ key: chatKey, value });
      if (!persist) return;
      try {
        if (value) localStorage.setItem(PREFIX + chatKey, value);
        else localStorage.removeItem(PREFIX + chatKey);
      } catch {
        // Storage full or disabled: the draft lives as long as the page.
      }
    },
    [chatKey, persist],
  );
  return [current.value, setDraft];
}
