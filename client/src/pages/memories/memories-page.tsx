import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { MEMORY_CATEGORIES, type Memory, type MemoryCategory } from '../../api/memories';
import { AppShell } from '../../components/app-shell';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { EmptyState } from '../../components/empty-state';
import { MemoryIcon, PlusIcon, SearchIcon, TrashIcon } from '../../components/icons';
import { QueryError } from '../../components/query-error';
import { useCreateMemory } from '../../hooks/use-create-memory';
import { useDeleteAllMemories } from '../../hooks/use-delete-all-memories';
import { useDeleteMemory } from '../../hooks/use-delete-memory';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { useMemories } from '../../hooks/use-memories';
import { errorMessage } from '../../lib/error-messages';
import { CATEGORY_LABELS, countByCategory, groupMemories, memoryWithKey, type MemoryFilter } from '../../lib/memories';
import { showToast } from '../../lib/toasts';
import { MemoryForm } from './memory-form';
import { MemoryRow } from './memory-row';

/** How long "Deleted … Undo" stays. */
const UNDO_MS = 10_000;

const ABOUT =
  'Switchboard remembers facts you share in chats (your name, what you prefer, what you work on) and recalls the relevant ones to make answers more personal.';
const PRIVACY = 'Incognito chats never use or add memories, and you can switch memory off for any chat in its header.';

/**
 * What Switchboard remembers about the user: grouped by category, searchable (`?q=`, so an
 * answer's "Used 2 memories" can link to one), each editable in place and deletable with undo.
 */
export function MemoriesPage() {
  useDocumentTitle('Memories');
  const memories = useMemories();
  const create = useCreateMemory();
  const remove = useDeleteMemory();
  const removeAll = useDeleteAllMemories();
  const [params, setParams] = useSearchParams();
  const [category, setCategory] = useState<MemoryFilter['category']>('all');
  const [adding, setAdding] = useState(false);
  const [confirmingAll, setConfirmingAll] = useState(false);
  const [deleted, setDeleted] = useState<Memory | null>(null);
  const query = params.get('q') ?? '';

  useEffect(() => {
    if (!deleted) return;
    const timer = setTimeout(() => setDeleted(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [deleted]);

  function setQuery(next: string) {
    setParams(next ? { q: next } : {}, { replace: true });
  }

  function clearFilters() {
    setQuery('');
    setCategory('all');
  }

  function deleteOne(memory: Memory) {
    setDeleted(memory);
    remove.mutate(memory, {
      onError: (error) => {
        setDeleted(null);
        showToast(`“${memory.key}” was not deleted: ${errorMessage(error)}`, 'error');
      },
    });
  }

  function undo(memory: Memory) {
    setDeleted(null);
    create.mutate(
      { category: memory.category, key: memory.key, value: memory.value },
      { onError: (error) => showToast(`“${memory.key}” could not be restored: ${errorMessage(error)}`, 'error') },
    );
  }

  const list = memories.data ?? [];
  const counts = countByCategory(list);
  const groups = groupMemories(list, { category, query });

  let content;
  if (memories.isPending) {
    content = (
      <div className="table-skeleton" role="status">
        <span className="visually-hidden">Loading memories…</span>
        <span className="skeleton" />
        <span className="skeleton" />
        <span className="skeleton" />
      </div>
    );
  } else if (memories.isError) {
    content = <QueryError error={memories.error} onRetry={() => void memories.refetch()} />;
  } else if (list.length === 0) {
    content = (
      <EmptyState icon={<MemoryIcon size={28} />} title="No memories yet">
        <p className="muted memories-empty-text">
          {ABOUT} Everything it remembers shows up here, where you can change or delete it. {PRIVACY}
        </p>
        {!adding && <AddButton onClick={() => setAdding(true)} />}
      </EmptyState>
    );
  } else {
    content = (
      <>
        <div className="memories-toolbar">
          <div className="search-field">
            <SearchIcon size={16} aria-hidden="true" />
            <input type="search" aria-label="Search memories" placeholder="Search keys and values" value={query} onChange={(event) => setQuery(event.target.value)} />
          </div>
          <div className="filter-chips" role="group" aria-label="Category">
            {(['all', ...MEMORY_CATEGORIES] as const)
              .filter((name) => name === 'all' || name === category || counts[name] > 0)
              .map((name) => (
                <button key={name} type="button" className="filter-chip" aria-pressed={category === name} onClick={() => setCategory(name)}>
                  {name === 'all' ? 'All' : CATEGORY_LABELS[name]}
                  <span className="filter-count">{counts[name]}</span>
                </button>
              ))}
          </div>
        </div>
        {groups.length === 0 ? (
          <div className="memories-no-match">
            <p className="muted">No memory matches.</p>
            <button type="button" className="btn btn-small" onClick={clearFilters}>
              Clear filters
            </button>
          </div>
        ) : (
          groups.map((group) => (
            <section key={group.category} className="memory-group" aria-labelledby={`memory-group-${group.category}`}>
              <h2 id={`memory-group-${group.category}`} className="memory-group-title">
                {group.label}
                <span className="filter-count">{group.memories.length}</span>
              </h2>
              <ul className="memory-list card card-flush">
                {group.memories.map((memory) => (
                  <li key={memory.id}>
                    <MemoryRow memory={memory} onDelete={deleteOne} />
                  </li>
                ))}
              </ul>
            </section>
          ))
        )}
        <div className="memories-foot">
          <button type="button" className="btn btn-small btn-quiet-danger" onClick={() => setConfirmingAll(true)}>
            <TrashIcon size={16} />
            Delete all memories
          </button>
        </div>
      </>
    );
  }

  return (
    <AppShell
      sidebarLabel="Memories"
      sidebar={
        <div className="memories-aside">
          <h2 className="sidebar-heading">About memories</h2>
          <p className="sidebar-empty">{ABOUT}</p>
          <p className="sidebar-empty">{PRIVACY}</p>
          <Link to="/chat" className="sidebar-link">
            Back to chat
          </Link>
        </div>
      }
    >
      <div className="settings">
        <section className="settings-section" aria-labelledby="memories-heading">
          <header className="settings-header memories-header">
            <div>
              <h1 id="memories-heading">Memories</h1>
              <p>What Switchboard remembers about you. Relevant memories are recalled into your chats; each answer says which it used.</p>
            </div>
            {list.length > 0 && !adding && <AddButton onClick={() => setAdding(true)} />}
          </header>

          {adding && (
            <div className="card">
              <h2 className="card-title">Add a memory</h2>
              <MemoryForm
                initial={{ category: category === 'all' ? 'personal' : category, key: '', value: '' }}
                submitLabel="Add memory"
                pendingLabel="Adding…"
                pending={create.isPending}
                error={create.error}
                onSubmit={(fields) =>
                  create.mutate(fields, {
                    onSuccess: (memory) => {
                      setAdding(false);
                      create.reset();
                      showToast(`Remembered “${memory.key}”`, 'success');
                    },
                  })
                }
                onCancel={() => {
                  setAdding(false);
                  create.reset();
                }}
                note={(fields) => <ReplaceNote memories={list} category={fields.category} memoryKey={fields.key} />}
              />
            </div>
          )}

          {deleted && (
            <div className="memories-undo" role="status">
              <span>
                Deleted “{deleted.key}”.
              </span>
              <button type="button" className="btn btn-small" onClick={() => undo(deleted)}>
                Undo
              </button>
            </div>
          )}

          {content}
        </section>
      </div>

      {confirmingAll && (
        <ConfirmDialog
          title="Delete all memories?"
          confirmLabel={removeAll.isPending ? 'Deleting…' : 'Delete all'}
          pending={removeAll.isPending}
          error={removeAll.isError ? errorMessage(removeAll.error) : undefined}
          onConfirm={() =>
            removeAll.mutate(undefined, {
              onSuccess: () => {
                setConfirmingAll(false);
                setDeleted(null);
                showToast('All memories deleted', 'success');
              },
            })
          }
          onCancel={() => {
            setConfirmingAll(false);
            removeAll.reset();
          }}
        >
          <p className="muted">
            Switchboard forgets all {list.length === 1 ? 'of your 1 memory' : `${list.length} of your memories`}. Your chats stay as they are. This can't be undone.
          </p>
        </ConfirmDialog>
      )}
    </AppShell>
  );
}

function AddButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" className="btn btn-primary" onClick={onClick}>
      <PlusIcon size={18} />
      Add a memory
    </button>
  );
}

/** Adding a memory whose category and key exist replaces that one: say so before it happens. */
function ReplaceNote({ memories, category, memoryKey }: { memories: Memory[]; category: MemoryCategory; memoryKey: string }) {
  const existing = memoryWithKey(memories, category, memoryKey);
  if (!existing) return null;
  return (
    <p className="field-hint">
      This replaces your memory “{existing.key}”: {existing.value}
    </p>
  );
}
