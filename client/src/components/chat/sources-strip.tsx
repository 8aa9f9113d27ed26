import type { Citation } from '../../api/chats';
import { FileIcon, GlobeIcon } from '../icons';
import { citationPlace, useCitations } from './citation-panel';

/**
 * The sources an answer draws on, shown as soon as they are known (before the answer); each opens
 * its passage (inside a CitationScope).
 */
export function SourcesStrip({ sources }: { sources: readonly Citation[] }) {
  const scope = useCitations();
  if (sources.length === 0) return null;
  const TitleIcon = sources.every((source) => source.fileId) ? FileIcon : GlobeIcon;
  return (
    <div className="sources">
      <span className="sources-title">
        <TitleIcon size={16} aria-hidden="true" />
        {sources.length === 1 ? '1 source' : `${sources.length} sources`}
      </span>
      <ol className="sources-list">
        {sources.map((source) => {
          const place = citationPlace(source);
          return (
            <li key={source.n}>
              <button
                type="button"
                className="source-chip"
                aria-label={`Source ${source.n}: ${source.title}${place ? `, ${place}` : ''}`}
                title={source.snippet}
                onClick={() => scope?.open(source.n)}
              >
                <span className="source-n">{source.n}</span>
                <span className="source-title">{source.title}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
