import { fileContentUrl } from '../../api/files';
import type { FileLink } from '../../api/stream-events';
import { useAuthTokens } from '../../hooks/use-auth-tokens';
import { DownloadIcon, FileIcon } from '../icons';

/** A generated or attached file: an image preview, an audio player, or a download link. */
export function FileView({ file }: { file: FileLink }) {
  const tokens = useAuthTokens();
  const url = fileContentUrl(file.url, tokens?.accessToken);
  if (file.mime.startsWith('image/')) {
    return (
      <figure className="file-view file-image">
        <a href={url} target="_blank" rel="noreferrer" aria-label={`Open ${file.name} in full size`}>
          <img src={url} alt={file.name} loading="lazy" />
        </a>
        <figcaption>
          <DownloadLink url={url} name={file.name} />
        </figcaption>
      </figure>
    );
  }
  if (file.mime.startsWith('audio/')) {
    return (
      <figure className="file-view file-audio">
        <audio controls preload="metadata" src={url} aria-label={file.name} />
        <figcaption>
          <DownloadLink url={url} name={file.name} />
        </figcaption>
      </figure>
    );
  }
  return (
    <div className="file-view file-document">
      <span className="file-document-icon" aria-hidden="true">
        <FileIcon size={20} />
      </span>
      <span className="file-document-name">
        <strong>{file.name}</strong>
        <span className="muted">{describeMime(file.mime)}</span>
      </span>
      <DownloadLink url={url} name={file.name} />
    </div>
  );
}

function DownloadLink({ url, name }: { url: string; name: string }) {
  return (
    <a className="btn btn-small" href={url} download={name} aria-label={`Download ${name}`}>
      <DownloadIcon size={16} />
      Download
    </a>
  );
}

function describeMime(mime: string): string {
  if (mime === 'application/pdf') return 'PDF document';
  if (mime.includes('wordprocessingml')) return 'Word document';
  if (mime === 'text/markdown') return 'Markdown document';
  if (mime.includes('spreadsheetml')) return 'Excel workbook';
  if (mime.includes('presentationml')) return 'PowerPoint presentation';
  if (mime === 'text/csv') return 'CSV table';
  if (mime === 'text/calendar') return 'Calendar event (.ics)';
  if (mime.startsWith('text/')) return 'Text file';
  return mime;
}
