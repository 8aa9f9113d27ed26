import { PaneItemList, StatusBadge } from '../pane-item-list';
import type { WhatsAppNumber } from './whatsapp-numbers-api';

interface WhatsAppNumberListProps {
  numbers: WhatsAppNumber[] | undefined;
  selectedId: string | null;
  /** A number id, or 'new' to add one. */
  onSelect: (id: string) => void;
}

export function WhatsAppNumberList({ numbers, selectedId, onSelect }: WhatsAppNumberListProps) {
  return (
    <PaneItemList
      items={numbers}
      selectedId={selectedId}
      onSelect={onSelect}
      plural="numbers"
      label="Your WhatsApp numbers"
      newLabel="New number"
      top={(number) => (
        <>
          <span className="widget-item-name">{number.name}</span>
          <StatusBadge active={number.active} fromEnvironment={number.fromEnvironment} />
        </>
      )}
      description={(number) => number.config.displayPhoneNumber ?? `Phone number id ${number.address}`}
    />
  );
}
