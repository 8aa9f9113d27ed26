import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { deleteChat, type Chat } from '../api/chats';
import { queryKeys } from '../api/query-keys';
import { setAnswer } from '../lib/live-answers';

export function useDeleteChat() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteChat,
    onSuccess: (_result, id) => {
      queryClient.setQueryData<InfiniteData<Chat[]>>(queryKeys.chats.list(), (data) =>
        data ? { ...data, pages: data.pages.map((page) => page.filter((chat) => chat.id !== id)) } : data,
      );
      queryClient.removeQueries({ queryKey: queryKeys.chats.messages(id) });
      setAnswer(id, null);
    },
    // Also after a failure: a NOT_FOUND means the list we show is out of date.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.chats.list() }),
  });
}
