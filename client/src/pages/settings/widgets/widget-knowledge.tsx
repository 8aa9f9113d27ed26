import { useState } from 'react';
import { ApiError } from '../../../api/http';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { DataTable } from '../../../components/data-table';
import { CheckCircleIcon, ClockIcon, PlusIcon, SpinnerIcon, XCircleIcon } from '../../../components/icons';
import { QueryError } from '../../../components/query-error';
import { TextField } from '../../../components/text-field';
import { errorMessage } from '../../../lib/error-messages';
import { formatDateTime, relativeTime } from '../../../lib/format';
import { showToast } from '../../../lib/toasts';
import { useAddWidgetSource, useDeleteWidgetSource, useRecrawlWidgetSource, useWidgetSources } from './use-widget-sources';
import type { WidgetSource, WidgetSourceState } from './widget-sources-api';

const STATE: Record<WidgetSourceState, { label: string; className: string; Icon: typeof ClockIcon }> = {
  queued: { label: 'Queued', className: 'task-state', Icon: ClockIcon },
  crawling: { label: 'Reading', className: 'task-state task-state-running', Icon: SpinnerIcon },
  done: { label: 'Ready', className: 'task-state task-state-done', Icon: CheckCircleIcon },
  failed: { label: 'Failed', className: 'task-state task-state-failed', Icon: XCircleIcon },
};

/** The server's own words where they say what to fix (the address refused, a duplicate, the limit); ours otherwise. */
function sourceErrorMessage(error: unknown): string {
  return error instanceof ApiError && (error.code === 'URL_NOT_ALLOWED' || error.code === 'CONFLICT') ? error.message : errorMessage(error);
}

function pagesLabel(source: WidgetSource): string {
  if (source.state === 'crawling') return source.pages === 0 ? 'Starting…' : `${source.pages} so far`;
  return source.pages === 1 ? '1 page' : `${source.pages} pages`;
}

/**
 * Settings → Widgets → Knowledge: the websites the widget answers visitors from. Each is crawled
 * on the server (its pages, same site only, as robots.txt allows) and can be crawled again or
 * removed; states follow live.
 */
export function WidgetKnowledge({ widgetId }: { widgetId: string }) {
  const sources = useWidgetSources(widgetId);
  const add = useAddWidgetSource();
  const recrawl = useRecrawlWidgetSource();
  const remove = useDeleteWidgetSource();
  const [url, setUrl] = useState('');
  const [removing, setRemoving] = useState<WidgetSource | null>(null);

  function submit() {
    const trimmed = url.trim();
    if (!trimmed || add.isPending) return;
    add.mutate(
      { widgetId, url: trimmed },
      {
        onSuccess: (source) => {
          setUrl('');
          showToast(`Added ${source.url}: its pages are being read.`, 'success');
        },
      },
    );
  }

  return (
    <fieldset className="editor-group">
      <legend>Knowledge</legend>
      <p className="field-hint">
        Websites the widget answers from, with links to the pages it used. Their pages on the same site are read (up to a limit, as their robots.txt allows); read them again after the site changes.
      </p>
      <div className="create-key-row">
        <TextField
          label="Website address"
          name="knowledge-url"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          maxLength={2000}
          placeholder="https://shop.example.com/help"
          value={url}
          error={add.isError ? sourceErrorMessage(add.error) : undefined}
          onChange={(event) => {
            setUrl(event.target.value);
            if (add.isError) add.reset();
          }}
          // Enter adds the address; it must not save the widget's form around it.
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            submit();
          }}
        />
        <button type="button" className="btn" disabled={add.isPending || url.trim() === ''} onClick={submit}>
          <PlusIcon size={16} />
          {add.isPending ? 'Adding…' : 'Add'}
        </button>
      </div>

      {sources.isError ? (
        <QueryError error={sources.error} onRetry={() => void sources.refetch()} />
      ) : !sources.data ? (
        <div className="table-skeleton" role="status">
          <span className="visually-hidden">Loading websites…</span>
          <span className="skeleton" />
        </div>
      ) : sources.data.length === 0 ? (
        <p className="muted">No websites yet: the widget answers from its task prompt and the AI's general knowledge.</p>
      ) : (
        <DataTable caption="Websites this widget answers from" columns={['Website', 'Status', 'Pages', 'Last read']} actions>
          {sources.data.map((source) => {
            const { label, className, Icon } = STATE[source.state];
            const busy = source.state === 'queued' || source.state === 'crawling';
            const recrawling = recrawl.isPending && recrawl.variables.id === source.id;
            return (
              <tr key={source.id}>
                <td>
                  <a href={source.url} target="_blank" rel="noreferrer noopener">
                    {source.url}
                  </a>
                  {source.state === 'failed' && source.error && <div className="field-error">{source.error}</div>}
                </td>
                <td className="nowrap">
                  <span className={className}>
                    <Icon size={14} />
                    {label}
                  </span>
                </td>
                <td className="nowrap">{pagesLabel(source)}</td>
                <td className="nowrap">
                  {source.crawledAt ? (
                    <time dateTime={source.crawledAt} title={formatDateTime(source.crawledAt)}>
                      {relativeTime(source.crawledAt)}
                    </time>
                  ) : (
                    <span className="muted">Never</span>
                  )}
                </td>
                <td className="actions-cell">
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={busy || recrawling}
                    title={busy ? 'Being read now' : 'Read the website again: changed pages are updated, removed ones dropped'}
                    onClick={() =>
                      recrawl.mutate(
                        { widgetId, id: source.id },
                        {
                          onSuccess: () => showToast(`Reading ${source.url} again.`, 'success'),
                          onError: (error) => showToast(sourceErrorMessage(error), 'error'),
                        },
                      )
                    }
                  >
                    {recrawling ? 'Queuing…' : 'Crawl again'}
                  </button>{' '}
                  <button type="button" className="btn btn-small btn-quiet-danger" onClick={() => setRemoving(source)}>
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}

      {removing && (
        <ConfirmDialog
          title="Remove this website?"
          confirmLabel={remove.isPending ? 'Removing…' : 'Remove website'}
          pending={remove.isPending}
          error={remove.isError ? errorMessage(remove.error) : undefined}
          onConfirm={() =>
            remove.mutate(
              { widgetId, id: removing.id },
              {
                onSuccess: () => {
                  showToast(`Removed ${removing.url}`, 'success');
                  setRemoving(null);
                },
              },
            )
          }
          onCancel={() => (setRemoving(null), remove.reset())}
        >
          <p className="muted">The widget stops answering from {removing.url}: every page read from it is forgotten. You can add it again later.</p>
        </ConfirmDialog>
      )}
    </fieldset>
  );
}
