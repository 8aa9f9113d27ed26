import { useQueries } from '@tanstack/react-query';
import { fetchFile, fileContentUrl } from '../../api/files';
import { queryKeys } from '../../api/query-keys';
import { useAuthTokens } from '../../hooks/use-auth-tokens';
import { formatFileSize, type Attachment, type AttachmentPhase } from '../../lib/attachments';
import { CheckCircleIcon, CloseIcon, FileIcon, SpinnerIcon, XCircleIcon } from '../icons';

function phaseLabel(phase: AttachmentPhase): string {
  switch (phase) {
    case 'uploading':
      return 'Uploading';
    case 'reading':
      return 'Reading…';
    case 'indexing':
      return 'Indexing…';
    case 'ready':
      return 'Ready';
    case 'failed':
      return 'Failed';
  }
}

function PhaseIcon({ phase }: { phase: AttachmentPhase }) {
  if (phase === 'ready') return <CheckCircleIcon size={14} />;
  if (phase === 'failed') return <XCircleIcon size={14} />;
  return <SpinnerIcon size={14} />;
}

/** The files attached in the composer: name, size, how far along each is, and a remove button. */
export function AttachmentChips({ items, onRemove }: { items: readonly Attachment[]; onRemove: (key: string) => void }) {
  if (items.length === 0) return null;
  return (
    <>
      <ul className="attachment-chips" aria-label="Attached files">
        {items.map((item) => {
          const percent = item.percent === null ? null : Math.round(item.percent);
          const state = item.phase === 'uploading' || (item.phase === 'reading' && percent !== null) ? `${phaseLabel(item.phase)} ${percent ?? 0}%` : phaseLabel(item.phase);
          return (
            <li key={item.key} className={`attachment-chip is-${item.phase}`} aria-label={`${item.name}: ${state}`}>
              <span className="attachment-chip-icon" aria-hidden="true">
                <FileIcon size={18} />
              </span>
              <span className="attachment-chip-text">
                <span className="attachment-chip-name" title={item.name}>
                  {item.name}
                </span>
                <span className="attachment-chip-meta">
                  {formatFileSize(item.size)} ·{' '}
                  <span className="attachment-chip-state">
                    <PhaseIcon phase={item.phase} />
                    {state}
                  </span>
                </span>
                {item.phase === 'failed' && <span className="attachment-chip-error">{item.error ?? 'Finding out why…'}</span>}
              </span>
              <button type="button" className="btn-icon attachment-chip-remove" aria-label={`Remove ${item.name}`} title="Remove" onClick={() => onRemove(item.key)}>
                <CloseIcon size={14} />
              </button>
              {(item.phase === 'uploading' || item.phase === 'reading') && percent !== null && (
                <span className="attachment-chip-progress" aria-hidden="true">
                  <span style={{ width: `${percent}%` }} />
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {/* Phase changes only (not every percent), for screen readers. */}
      <p className="visually-hidden" aria-live="polite">
        {items.map((item) => `${item.name}: ${phaseLabel(item.phase)}`).join('. ')}
      </p>
    </>
  );
}

/** The files sent with a message, under its bubble; each opens (or downloads) its content. */
export function MessageAttachments({ fileIds }: { fileIds: readonly string[] }) {
  const tokens = useAuthTokens();
  const files = useQueries({
    queries: fileIds.map((id) => ({
      queryKey: queryKeys.files.detail(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchFile(id, signal),
      staleTime: 60_000,
    })),
  });
  if (fileIds.length === 0) return null;
  return (
    <ul className="message-attachments" aria-label="Attachments">
      {fileIds.map((id, index) => {
        const file = files[index]?.data;
        return (
          <li key={id} className="message-attachment">
            <FileIcon size={16} aria-hidden="true" />
            {file ? (
              <a href={fileContentUrl(file.url, tokens?.accessToken)} target="_blank" rel="noopener noreferrer">
                {file.name}
              </a>
            ) : (
              <span className="muted">{files[index]?.isError ? 'File no longer available' : 'Attachment'}</span>
            )}
            {file && <span className="muted">{formatFileSize(file.size)}</span>}
          </li>
        );
      })}
    </ul>
  );
}
