import { ChannelAccountList } from '../channel-account-list';
import type { WhatsAppNumber } from './whatsapp-numbers-api';

interface WhatsAppNumberListProps {
  numbers: WhatsAppNumber[] | undefined;
  selectedId: string | null;
  /** A number id, or 'new' to add one. */
  onSelect: (id: string) => void;
}

export function WhatsAppNumberList({ numbers, selectedId, onSelect }: WhatsAppNumberListProps) {
  return (
    <ChannelAccountList
      accounts={numbers}
      selectedId={selectedId}
      onSelect={onSelect}
      plural="numbers"
      label="Your WhatsApp numbers"
      newLabel="New number"
      description={(number) => number.config.displayPhoneNumber ?? `Phone number id ${number.address}`}
    />
  );
}
