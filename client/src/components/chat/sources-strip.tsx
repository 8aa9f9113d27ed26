import { fileContentUrl, fileUrlById } from '../../api/files';
import type { SourceResult } from '../../api/stream-events';
import { useAuthTokens } from '../../hooks/use-auth-tokens';
import { GlobeIcon } from '../icons';

/** The sources an answer draws on, shown as soon as they are known (before the answer). */
export function SourcesStrip({ sources }: { sources: SourceResult[] }) {
  const tokens = useAuthTokens();
  if (sources.length === 0) return null;
  return (
    <div className="sources">
      <span className="sources-title">
        <GlobeIcon size={16} aria-hidden="true" />
        {sources.length === 1 ? '1 source' : `${sources.length} sources`}
      </span>
      <ol className="sources-list">
        {sources.map((source) => {
          const href = source.url ?? (source.fileId ? fileContentUrl(fileUrlById(source.fileId), tokens?.accessToken) : undefined);
          return (
            <li key={source.n}>
              <a className="source-chip" href={href} target="_blank" rel="noreferrer" title={source.snippet}>
                <span className="source-n">{source.n}</span>
                <span className="source-title">{source.title}</span>
              </a>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
