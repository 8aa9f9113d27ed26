import type { ReactNode } from 'react';
import type { ChannelAccount } from './channel-account-editor';
import { PaneItemList, StatusBadge } from './pane-item-list';

interface ChannelAccountListProps<T extends ChannelAccount> {
  accounts: T[] | undefined;
  selectedId: string | null;
  /** An account's id, or 'new' to add one. */
  onSelect: (id: string) => void;
  /** What the accounts are called, e.g. 'mailboxes'. */
  plural: string;
  /** The list's accessible name, e.g. 'Your mailboxes'. */
  label: string;
  /** The foot's button, e.g. 'New mailbox'. */
  newLabel: string;
  /** An account's second line, e.g. its address. */
  description: (account: T) => ReactNode;
}

/** The list pane of channel accounts: each by its name and state (one the server's environment set up says so). */
export function ChannelAccountList<T extends ChannelAccount>({ accounts, description, ...listProps }: ChannelAccountListProps<T>) {
  return (
    <PaneItemList
      items={accounts}
      {...listProps}
      top={(account) => (
        <>
          <span className="widget-item-name">{account.name}</span>
          <StatusBadge active={account.active} fromEnvironment={account.fromEnvironment} />
        </>
      )}
      description={description}
    />
  );
}
