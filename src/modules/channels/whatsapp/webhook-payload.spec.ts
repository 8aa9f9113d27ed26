import { describe, expect, it } from 'vitest';
import { MalformedWebhookError, parseWebhook } from './webhook-payload';

const change = (value: Record<string, unknown>, field = 'messages') => ({ field, value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100000', phone_number_id: '1000001' }, ...value } });
const body = (...changes: unknown[]) => ({ object: 'whatsapp_business_account', entry: [{ id: 'WABA', changes }] });

describe('reading a WhatsApp webhook', () => {
  it('makes one event per message, with the sender’s profile name', () => {
    const parsed = parseWebhook(
      body(
        change({
          contacts: [{ profile: { name: 'Ann' }, wa_id: '4915100000001' }],
          messages: [
            { from: '4915100000001', id: 'wamid.1', timestamp: '1764600000', type: 'text', text: { body: 'Hi' } },
            { from: '4915100000002', id: 'wamid.2', timestamp: '1764600001', type: 'image', image: { id: 'm1' } },
          ],
        }),
      ),
    );
    expect(parsed.skipped).toEqual([]);
    expect(parsed.events).toEqual([
      { kind: 'message', phoneNumberId: '1000001', profileName: 'Ann', message: { from: '4915100000001', id: 'wamid.1', timestamp: '1764600000', type: 'text', text: { body: 'Hi' } } },
      { kind: 'message', phoneNumberId: '1000001', profileName: null, message: { from: '4915100000002', id: 'wamid.2', timestamp: '1764600001', type: 'image', image: { id: 'm1' } } },
    ]);
  });

  it('makes one event per status, with Meta’s error in words for a failure', () => {
    const parsed = parseWebhook(
      body(
        change({
          statuses: [
            { id: 'wamid.out.1', status: 'delivered', timestamp: '1', recipient_id: '4915100000001' },
            { id: 'wamid.out.2', status: 'failed', recipient_id: '4915100000001', errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'More than 24 hours have passed.' } }] },
          ],
        }),
      ),
    );
    expect(parsed.events).toEqual([
      { kind: 'status', phoneNumberId: '1000001', status: { id: 'wamid.out.1', status: 'delivered', recipientId: '4915100000001', error: null } },
      { kind: 'status', phoneNumberId: '1000001', status: { id: 'wamid.out.2', status: 'failed', recipientId: '4915100000001', error: { code: '131047', message: 'Re-engagement message: More than 24 hours have passed.' } } },
    ]);
  });

  it('skips what it cannot read, with the reason, and keeps the rest', () => {
    const parsed = parseWebhook(
      body(
        change({ messages: [{ type: 'text' }, 'nonsense', { from: '+49 151', id: 'wamid.3', type: 'text' }, { from: '4915100000001', id: 'wamid.4', type: 'text', timestamp: 'yesterday' }] }),
        { field: 'messages', value: { metadata: {} } },
        change({ ban_info: {} }, 'account_update'),
      ),
    );
    expect(parsed.events).toHaveLength(1);
    expect(parsed.skipped).toEqual([
      'a message without a usable id, from or type',
      'a message that is not an object',
      'a message without a usable id, from or type',
      'a change without metadata.phone_number_id',
    ]);
    // An unreadable timestamp becomes the time it arrived.
    const event = parsed.events[0];
    expect(event?.kind === 'message' && Math.abs(Number(event.message.timestamp) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('refuses a body that is not a WhatsApp Business Account notification', () => {
    for (const notOne of [null, [], 'text', { object: 'page', entry: [] }, { object: 'whatsapp_business_account' }]) {
      expect(() => parseWebhook(notOne)).toThrow(MalformedWebhookError);
    }
  });
});
