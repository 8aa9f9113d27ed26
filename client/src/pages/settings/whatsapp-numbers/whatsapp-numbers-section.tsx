import { itemsEmptyPane, TwoPaneSection } from '../two-pane-section';
import { WhatsAppNumberEditor } from './whatsapp-number-editor';
import { WhatsAppNumberList } from './whatsapp-number-list';
import { useWhatsAppNumbers } from './use-whatsapp-numbers';

/**
 * Settings → WhatsApp: the WhatsApp Business numbers whose messages the AI answers, beside the
 * editor of the chosen one (its access token and webhook secrets, write-only, the callback URL for
 * Meta, and a test message). `?number=<id>` opens one.
 */
export function WhatsAppNumbersSection() {
  const numbers = useWhatsAppNumbers();

  return (
    <TwoPaneSection
      headingId="whatsapp-heading"
      title="WhatsApp"
      intro="Messages to these WhatsApp Business numbers are answered by the AI, on WhatsApp, within the 24 hours WhatsApp allows. Their conversations appear among your chats."
      items={numbers}
      param="number"
      noun="number"
      list={(selectedId, onSelect) => <WhatsAppNumberList numbers={numbers.data} selectedId={selectedId} onSelect={onSelect} />}
      editor={(number, handlers) => <WhatsAppNumberEditor number={number} {...handlers} />}
      empty={itemsEmptyPane(numbers.data, {
        noun: 'number',
        first: 'Give its phone number id and an access token from your Meta app; Switchboard answers what people write to it.',
        choose: 'Pick one from the list to edit or test it, or add a new one.',
      })}
    />
  );
}
