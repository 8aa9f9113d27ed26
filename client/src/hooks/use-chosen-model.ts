import { useCallback, useState } from 'react';

const KEY = 'switchboard.chatModel';

/** The model picked for new answers (null: automatic), remembered across visits. */
export function useChosenModel(): [string | null, (id: string | null) => void] {
  const [modelId, setModelId] = useState<string | null>(() => {
    try {
      return localStorage.getItem(KEY);
    } catch {
      return null;
    }
  });
  const choose = useCallback((id: string | null) => {
    setModelId(id);
    try {
      if (id) localStorage.setItem(KEY, id);
      else localStorage.removeItem(KEY);
    } catch {
      // Not remembered: it still applies to this visit.
    }
  }, []);
  return [modelId, choose];
}
