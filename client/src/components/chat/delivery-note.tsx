import type { Delivery } from '../../api/chats';
import { deliveryLabel } from '../../lib/channel-conversations';
import { AlertIcon, CheckIcon, ClockIcon } from '../icons';

const ICONS = { pending: ClockIcon, done: CheckIcon, failed: AlertIcon };

/** Where a message sent on WhatsApp or by e-mail stands: sending, sent, delivered, read, or why not. */
export function DeliveryNote({ delivery }: { delivery: Pick<Delivery, 'status' | 'attempts' | 'error'> }) {
  const label = deliveryLabel(delivery);
  const Icon = ICONS[label.tone];
  return (
    <p className={`delivery-note is-${label.tone}`}>
      <Icon size={14} />
      <span>{label.text}</span>
    </p>
  );
}
