import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';

/** The requests of a settings resource the user owns a list of (mailboxes, WhatsApp numbers). */
export interface CrudResourceApi<Item extends { id: string }, New, Change extends { id: string }, TestResult> {
  listKey: () => QueryKey;
  list: (signal?: AbortSignal) => Promise<Item[]>;
  create: (input: New) => Promise<Item>;
  update: (change: Change) => Promise<Item>;
  remove: (id: string) => Promise<void>;
  /** Checks a saved item by sending something to `to`. */
  test: (id: string, to: string) => Promise<TestResult>;
}

/** Creates an item (no id) or changes one. */
export type SaveInput<New, Change> = ({ id?: undefined } & New) | Change;

/**
 * The list, save, delete and test hooks of such a resource: a saved item shows in the list at
 * once (a new one last), a deleted one goes at once, and the list is asked again after either.
 */
export function crudResourceHooks<Item extends { id: string }, New, Change extends { id: string }, TestResult>(
  api: CrudResourceApi<Item, New, Change, TestResult>,
) {
  function useList() {
    return useQuery({ queryKey: api.listKey(), queryFn: ({ signal }) => api.list(signal) });
  }

  function useSave() {
    const queryClient = useQueryClient();
    return useMutation({
      mutationFn: (input: SaveInput<New, Change>): Promise<Item> => (input.id === undefined ? api.create(input) : api.update(input)),
      onSuccess: (saved) => {
        queryClient.setQueryData<Item[]>(api.listKey(), (items) =>
          items?.some((each) => each.id === saved.id) ? items.map((each) => (each.id === saved.id ? saved : each)) : [...(items ?? []), saved],
        );
        return queryClient.invalidateQueries({ queryKey: api.listKey() });
      },
    });
  }

  function useDelete() {
    const queryClient = useQueryClient();
    return useMutation({
      mutationFn: api.remove,
      onSuccess: (_, id) => queryClient.setQueryData<Item[]>(api.listKey(), (items) => items?.filter((item) => item.id !== id)),
      onSettled: () => queryClient.invalidateQueries({ queryKey: api.listKey() }),
    });
  }

  function useTest() {
    return useMutation({ mutationFn: ({ id, to }: { id: string; to: string }) => api.test(id, to) });
  }

  return { useList, useSave, useDelete, useTest };
}
