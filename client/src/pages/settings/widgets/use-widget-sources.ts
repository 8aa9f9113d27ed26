import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys } from '../../../api/query-keys';
import { followUserChannel } from '../../../api/realtime';
import { useMe } from '../../../hooks/use-me';
import { addWidgetSource, deleteWidgetSource, listWidgetSources, recrawlWidgetSource, widgetSourceEventOf, type WidgetSource } from './widget-sources-api';

/** While a crawl is queued or running, the list is also asked for again this often. */
const ACTIVE_POLL_MS = 5_000;

/** Under the widget's own keys, so deleting the widget drops its sources from the cache too. */
const sourcesKey = (widgetId: string) => [...queryKeys.widgets.of(widgetId), 'sources'] as const;

/** Puts the source as the server last described it into the widget's list (first if it is new). */
function showSource(queryClient: QueryClient, source: WidgetSource): void {
  queryClient.setQueryData<WidgetSource[]>(sourcesKey(source.widgetId), (sources) =>
    sources?.some((each) => each.id === source.id) ? sources.map((each) => (each.id === source.id ? source : each)) : sources && [source, ...sources],
  );
}

/**
 * The widget's websites, newest first, kept live: every `widget.source.updated` on the user
 * channel (a crawl moving on, here or in another tab) replaces the source in the list.
 */
export function useWidgetSources(widgetId: string) {
  const queryClient = useQueryClient();
  const userId = useMe().data?.id;

  useEffect(() => {
    if (!userId) return;
    return followUserChannel(userId, {
      onPublication: (publication) => {
        const source = widgetSourceEventOf(publication);
        if (source?.widgetId === widgetId) showSource(queryClient, source);
      },
      onResync: () => void queryClient.invalidateQueries({ queryKey: sourcesKey(widgetId) }),
    });
  }, [userId, widgetId, queryClient]);

  return useQuery({
    queryKey: sourcesKey(widgetId),
    queryFn: ({ signal }) => listWidgetSources(widgetId, signal),
    // Events may arrive before the answer that queued the crawl, or not at all (realtime off).
    refetchInterval: (query) => (query.state.data?.some((source) => source.state === 'queued' || source.state === 'crawling') ? ACTIVE_POLL_MS : false),
  });
}

export function useAddWidgetSource() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: addWidgetSource, onSuccess: (source) => showSource(queryClient, source) });
}

export function useRecrawlWidgetSource() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: recrawlWidgetSource, onSuccess: (source) => showSource(queryClient, source) });
}

/** Removes a website and its pages from the widget's knowledge. */
export function useDeleteWidgetSource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteWidgetSource,
    onSuccess: (_, { widgetId, id }) => queryClient.setQueryData<WidgetSource[]>(sourcesKey(widgetId), (sources) => sources?.filter((source) => source.id !== id)),
    onSettled: (_, __, { widgetId }) => queryClient.invalidateQueries({ queryKey: sourcesKey(widgetId) }),
  });
}
