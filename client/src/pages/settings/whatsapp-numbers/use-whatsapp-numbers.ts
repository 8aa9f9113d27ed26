import { queryKeys } from '../../../api/query-keys';
import { crudResourceHooks } from '../crud-resource-hooks';
import { createWhatsAppNumber, deleteWhatsAppNumber, listWhatsAppNumbers, testWhatsAppNumber, updateWhatsAppNumber } from './whatsapp-numbers-api';

const hooks = crudResourceHooks({
  listKey: queryKeys.whatsappNumbers.list,
  list: listWhatsAppNumbers,
  create: createWhatsAppNumber,
  update: updateWhatsAppNumber,
  remove: deleteWhatsAppNumber,
  test: testWhatsAppNumber,
});

/** The signed-in user's WhatsApp numbers (the environment's first, for its owner). */
export const useWhatsAppNumbers = hooks.useList;
/** Adds a number (no id) or changes one, and shows it in the list at once. */
export const useSaveWhatsAppNumber = hooks.useSave;
export const useDeleteWhatsAppNumber = hooks.useDelete;
/** Sends a test message from a saved number. */
export const useTestWhatsAppNumber = hooks.useTest;
