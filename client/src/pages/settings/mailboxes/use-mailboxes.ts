import { queryKeys } from '../../../api/query-keys';
import { crudResourceHooks } from '../crud-resource-hooks';
import { createMailbox, deleteMailbox, listMailboxes, testMailbox, updateMailbox } from './mailboxes-api';

const hooks = crudResourceHooks({
  listKey: queryKeys.mailboxes.list,
  list: listMailboxes,
  create: createMailbox,
  update: updateMailbox,
  remove: deleteMailbox,
  test: testMailbox,
});

/** The signed-in user's mailboxes (the environment's first, for its owner). */
export const useMailboxes = hooks.useList;
/** Creates a mailbox (no id) or changes one, and shows it in the list at once. */
export const useSaveMailbox = hooks.useSave;
export const useDeleteMailbox = hooks.useDelete;
/** Sends a test mail from a saved mailbox (and logs in to its IMAP server). */
export const useTestMailbox = hooks.useTest;
