import { useMemo, useState } from 'react';
import type { TaskPrompt } from '../../../api/prompts';
import { SearchIcon } from '../../../components/icons';
import { PaneListFoot } from '../pane-list-foot';

type Filter = 'all' | 'system' | 'custom';

interface PromptListProps {
  prompts: TaskPrompt[] | undefined;
  selectedId: string | null;
  /** A prompt id, or 'new' to create one. */
  onSelect: (id: string) => void;
}

export function PromptList({ prompts, selectedId, onSelect }: PromptListProps) {
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<Filter>('all');

  const counts = useMemo(
    () => ({
      all: prompts?.length ?? 0,
      system: prompts?.filter((prompt) => prompt.scope === 'system').length ?? 0,
      custom: prompts?.filter((prompt) => prompt.scope === 'user').length ?? 0,
    }),
    [prompts],
  );

  const shown = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return (prompts ?? []).filter((prompt) => {
      if (filter === 'system' && prompt.scope !== 'system') return false;
      if (filter === 'custom' && prompt.scope !== 'user') return false;
      if (!needle) return true;
      return [prompt.topic, prompt.description, ...prompt.selectionRules].some((text) => text.toLowerCase().includes(needle));
    });
  }, [prompts, query, filter]);

  return (
    <div className="pane pane-list">
      <div className="pane-list-head">
        <div className="search-field">
          <SearchIcon size={16} aria-hidden="true" />
          <input type="search" aria-label="Search task prompts" placeholder="Search topics and rules" value={query} onChange={(event) => setQuery(event.target.value)} />
        </div>
        <div className="filter-chips" role="group" aria-label="Show">
          {(['all', 'system', 'custom'] as const).map((name) => (
            <button key={name} type="button" className="filter-chip" aria-pressed={filter === name} onClick={() => setFilter(name)}>
              {name === 'all' ? 'All' : name === 'system' ? 'System' : 'Custom'}
              <span className="filter-count">{counts[name]}</span>
            </button>
          ))}
        </div>
      </div>

      {!prompts ? (
        <div className="table-skeleton" role="status">
          <span className="visually-hidden">Loading task prompts…</span>
          <span className="skeleton" />
          <span className="skeleton" />
          <span className="skeleton" />
        </div>
      ) : shown.length === 0 ? (
        <div className="pane-empty">
          <p className="muted">No task prompt matches.</p>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              setQuery('');
              setFilter('all');
            }}
          >
            Clear filters
          </button>
        </div>
      ) : (
        <ul className="prompt-list">
          {shown.map((prompt) => (
            <li key={prompt.id}>
              <button type="button" className="prompt-item" aria-current={prompt.id === selectedId ? 'true' : undefined} onClick={() => onSelect(prompt.id)}>
                <span className="prompt-item-top">
                  <span className="prompt-item-topic">{prompt.topic}</span>
                  <ScopeBadge prompt={prompt} />
                  {!prompt.enabled && <span className="badge badge-muted">Off</span>}
                </span>
                <span className="prompt-item-description">{prompt.description || 'No description'}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <PaneListFoot label="New task prompt" onNew={() => onSelect('new')} />
    </div>
  );
}

export function ScopeBadge({ prompt }: { prompt: TaskPrompt }) {
  if (prompt.scope === 'system') return <span className="badge">System</span>;
  if (prompt.overridesSystem) return <span className="badge badge-custom">Your version</span>;
  return <span className="badge badge-custom">Custom</span>;
}
