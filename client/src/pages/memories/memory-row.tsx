import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import type { Memory, MemoryFields } from '../../api/memories';
import { EditIcon, TrashIcon } from '../../components/icons';
import { useUpdateMemory } from '../../hooks/use-update-memory';
import { formatDateTime, relativeTime } from '../../lib/format';
import { MemoryForm } from './memory-form';

interface MemoryRowProps {
  memory: Memory;
  onDelete: (memory: Memory) => void;
}

/** One memory: its key and value, where it came from, and Edit (in place) and Delete. */
export function MemoryRow({ memory, onDelete }: MemoryRowProps) {
  const update = useUpdateMemory();
  const [editing, setEditing] = useState(false);
  const editRef = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  // Back from the form, the cursor returns to the Edit button rather than to the top of the page.
  useEffect(() => {
    if (wasEditing.current && !editing) editRef.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  function close() {
    setEditing(false);
    update.reset();
  }

  function save(fields: MemoryFields) {
    if (fields.category === memory.category && fields.key === memory.key && fields.value === memory.value) {
      close();
      return;
    }
    update.mutate({ id: memory.id, ...fields }, { onSuccess: close });
  }

  if (editing) {
    return (
      <MemoryForm
        className="memory-row is-editing"
        initial={{ category: memory.category, key: memory.key, value: memory.value }}
        submitLabel="Save"
        pendingLabel="Saving…"
        pending={update.isPending}
        error={update.error}
        onSubmit={save}
        onCancel={close}
      />
    );
  }

  return (
    <div className="memory-row">
      <div className="memory-text">
        <span className="memory-key">{memory.key}</span>
        <span className="memory-value">{memory.value}</span>
        <span className="memory-meta">
          {memory.sourceChatId ? <Link to={`/chat/${encodeURIComponent(memory.sourceChatId)}`}>Learnt in a chat</Link> : 'Added by you'}
          {' · '}
          <time dateTime={memory.updatedAt} title={formatDateTime(memory.updatedAt)}>
            {memory.updatedAt === memory.createdAt ? 'added' : 'changed'} {relativeTime(memory.updatedAt)}
          </time>
        </span>
      </div>
      <div className="memory-actions">
        <button ref={editRef} type="button" className="btn-icon" aria-label={`Edit “${memory.key}”`} title="Edit" onClick={() => setEditing(true)}>
          <EditIcon size={18} />
        </button>
        <button type="button" className="btn-icon btn-icon-danger" aria-label={`Delete “${memory.key}”`} title="Delete" onClick={() => onDelete(memory)}>
          <TrashIcon size={18} />
        </button>
      </div>
    </div>
  );
}
