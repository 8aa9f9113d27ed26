import { useId, useState } from 'react';
import { Link } from 'react-router-dom';
import type { MemoryRef } from '../../api/memories';
import { CATEGORY_LABELS } from '../../lib/memories';
import { ChevronDownIcon, MemoryIcon } from '../icons';

/** "Used 2 memories" under an answer; opens to list them, each linking to it on the Memories page. */
export function MemoriesUsed({ memories }: { memories: MemoryRef[] }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  if (memories.length === 0) return null;
  return (
    <div className="memories-used">
      <button type="button" className="memories-used-toggle" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((value) => !value)}>
        <MemoryIcon size={14} />
        Used {memories.length === 1 ? '1 memory' : `${memories.length} memories`}
        <ChevronDownIcon size={14} className="memories-used-chevron" />
      </button>
      {open && (
        <div id={panelId} className="memories-used-panel">
          <ul className="memories-used-list">
            {memories.map((memory) => (
              <li key={memory.id}>
                <span className="badge badge-muted">{CATEGORY_LABELS[memory.category] ?? memory.category}</span>
                <Link to={`/memories?${new URLSearchParams({ q: memory.key }).toString()}`} className="memories-used-key">
                  {memory.key}
                </Link>
                <span className="memories-used-value">{memory.value}</span>
              </li>
            ))}
          </ul>
          <Link to="/memories" className="memories-used-manage">
            Manage memories
          </Link>
        </div>
      )}
    </div>
  );
}
