import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { createMailbox, deleteMailbox, listMailboxes, testMailbox, updateMailbox, type Mailbox, type MailboxChange, type NewMailbox } from './mailboxes-api';

/** The signed-in user's mailboxes (the environment's first, for its owner). */
export function useMailboxes() {
  return useQuery({ queryKey: queryKeys.mailboxes.list(), queryFn: ({ signal }) => listMailboxes(signal) });
}

export type SaveMailboxInput = ({ id?: undefined } & NewMailbox) | MailboxChange;

/** Creates a mailbox (no id) or changes one, and shows it in the list at once. */
export function useSaveMailbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveMailboxInput): Promise<Mailbox> => (input.id === undefined ? createMailbox(input) : updateMailbox(input)),
    onSuccess: (saved) => {
      queryClient.setQueryData<Mailbox[]>(queryKeys.mailboxes.list(), (mailboxes) =>
        mailboxes?.some((each) => each.id === saved.id) ? mailboxes.map((each) => (each.id === saved.id ? saved : each)) : [...(mailboxes ?? []), saved],
      );
      return queryClient.invalidateQueries({ queryKey: queryKeys.mailboxes.list() });
    },
  });
}

export function useDeleteMailbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteMailbox,
    onSuccess: (_, id) => queryClient.setQueryData<Mailbox[]>(queryKeys.mailboxes.list(), (mailboxes) => mailboxes?.filter((mailbox) => mailbox.id !== id)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.mailboxes.list() }),
  });
}

export function useTestMailbox() {
  return useMutation({ mutationFn: ({ id, to }: { id: string; to: string }) => testMailbox(id, to) });
}
