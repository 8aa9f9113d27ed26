import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { setChatMemory, type Chat } from '../api/chats';
import { queryKeys } from '../api/query-keys';

/**
 * Turns one chat's memory on or off: the switch flips at once and flips back if the save fails
 * (the caller says why). Quick flips are saved one after the other, in order.
 */
export function useChatMemory(chatId: string) {
  const queryClient = useQueryClient();
  const detailKey = queryKeys.chats.detail(chatId);
  const show = (memoryEnabled: boolean) => {
    queryClient.setQueryData<Chat>(detailKey, (chat) => chat && { ...chat, memoryEnabled });
    queryClient.setQueryData<InfiniteData<Chat[]>>(queryKeys.chats.list(), (data) =>
      data && { ...data, pages: data.pages.map((page) => page.map((chat) => (chat.id === chatId ? { ...chat, memoryEnabled } : chat))) },
    );
  };

  return useMutation({
    scope: { id: `chat-memory:${chatId}` },
    mutationFn: (memoryEnabled: boolean) => setChatMemory(chatId, memoryEnabled),
    onMutate: async (memoryEnabled) => {
      await queryClient.cancelQueries({ queryKey: detailKey });
      const previous = queryClient.getQueryData<Chat>(detailKey)?.memoryEnabled ?? !memoryEnabled;
      show(memoryEnabled);
      return { previous };
    },
    onError: (_error, memoryEnabled, context) => show(context?.previous ?? !memoryEnabled),
  });
}
