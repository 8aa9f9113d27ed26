import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import {
  createWhatsAppNumber,
  deleteWhatsAppNumber,
  listWhatsAppNumbers,
  testWhatsAppNumber,
  updateWhatsAppNumber,
  type NewWhatsAppNumber,
  type WhatsAppNumber,
  type WhatsAppNumberChange,
} from './whatsapp-numbers-api';

/** The signed-in user's WhatsApp numbers (the environment's first, for its owner). */
export function useWhatsAppNumbers() {
  return useQuery({ queryKey: queryKeys.whatsappNumbers.list(), queryFn: ({ signal }) => listWhatsAppNumbers(signal) });
}

export type SaveWhatsAppNumberInput = ({ id?: undefined } & NewWhatsAppNumber) | WhatsAppNumberChange;

/** Adds a number (no id) or changes one, and shows it in the list at once. */
export function useSaveWhatsAppNumber() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveWhatsAppNumberInput): Promise<WhatsAppNumber> => (input.id === undefined ? createWhatsAppNumber(input) : updateWhatsAppNumber(input)),
    onSuccess: (saved) => {
      queryClient.setQueryData<WhatsAppNumber[]>(queryKeys.whatsappNumbers.list(), (numbers) =>
        numbers?.some((each) => each.id === saved.id) ? numbers.map((each) => (each.id === saved.id ? saved : each)) : [...(numbers ?? []), saved],
      );
      return queryClient.invalidateQueries({ queryKey: queryKeys.whatsappNumbers.list() });
    },
  });
}

export function useDeleteWhatsAppNumber() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteWhatsAppNumber,
    onSuccess: (_, id) => queryClient.setQueryData<WhatsAppNumber[]>(queryKeys.whatsappNumbers.list(), (numbers) => numbers?.filter((number) => number.id !== id)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.whatsappNumbers.list() }),
  });
}

export function useTestWhatsAppNumber() {
  return useMutation({ mutationFn: ({ id, to }: { id: string; to: string }) => testWhatsAppNumber(id, to) });
}
