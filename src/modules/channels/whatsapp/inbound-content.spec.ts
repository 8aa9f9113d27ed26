import { describe, expect, it } from 'vitest';
import { describeMessage } from './inbound-content';
import type { WhatsAppMessage } from './webhook-payload';

const message = (type: string, content: unknown): WhatsAppMessage => ({ id: 'wamid.1', from: '4915100000001', timestamp: '1764600000', type, [type]: content });

describe('what the pipeline gets from a WhatsApp message', () => {
  it('takes text as written', () => {
    expect(describeMessage(message('text', { body: '  Hello there  ' }))).toEqual({ text: 'Hello there', media: null });
    expect(describeMessage(message('text', { body: ' ' }))).toEqual({ skip: 'a text message without a body' });
  });

  it('fetches media by id, with the caption or a label as its text', () => {
    expect(describeMessage(message('image', { id: 'm1', mime_type: 'image/jpeg', caption: 'Is this broken?' }))).toEqual({
      text: 'Is this broken?',
      media: { id: 'm1', kind: 'image', mime: 'image/jpeg', name: 'image-m1.jpg' },
    });
    expect(describeMessage(message('document', { id: 'm2', mime_type: 'application/pdf', filename: 'invoice.pdf' }))).toEqual({
      text: '[Document] invoice.pdf',
      media: { id: 'm2', kind: 'document', mime: 'application/pdf', name: 'invoice.pdf' },
    });
    expect(describeMessage(message('audio', { id: 'm3', mime_type: 'audio/ogg; codecs=opus', voice: true }))).toMatchObject({ text: '[Voice message]', media: { mime: 'audio/ogg', name: 'audio-m3.ogg' } });
    expect(describeMessage(message('sticker', { id: 'm4', mime_type: 'image/webp' }))).toMatchObject({ text: '[Sticker]', media: { kind: 'sticker' } });
    expect(describeMessage(message('video', {}))).toEqual({ skip: 'a video message without a media id' });
  });

  it('writes a location and shared contacts as text', () => {
    expect(describeMessage(message('location', { latitude: 52.52, longitude: 13.405, name: 'Alexanderplatz', address: 'Berlin' }))).toEqual({ text: '📍 Location: Alexanderplatz, Berlin (52.52, 13.405)', media: null });
    expect(describeMessage(message('location', { latitude: '48.1', longitude: '11.5' }))).toEqual({ text: '📍 Location: (48.1, 11.5)', media: null });
    expect(describeMessage(message('location', { name: 'Nowhere' }))).toEqual({ skip: 'a location without coordinates' });
    expect(
      describeMessage(
        message('contacts', [
          { name: { formatted_name: 'Bea Beispiel' }, phones: [{ phone: '+49 30 1234567', type: 'WORK' }, { phone: '+49 151 7654321' }], emails: [{ email: 'bea@example.org' }] },
          { name: { first_name: 'Carl' } },
        ]),
      ),
    ).toEqual({ text: '👤 Contact: Bea Beispiel, +49 30 1234567 (work), +49 151 7654321, bea@example.org\n👤 Contact: Carl', media: null });
  });

  it('takes the title chosen in an interactive or quick reply', () => {
    expect(describeMessage(message('interactive', { type: 'button_reply', button_reply: { id: 'y', title: 'Yes, please' } }))).toEqual({ text: 'Yes, please', media: null });
    expect(describeMessage(message('interactive', { type: 'list_reply', list_reply: { id: 'r2', title: 'Tuesday', description: 'afternoon' } }))).toEqual({ text: 'Tuesday', media: null });
    expect(describeMessage(message('button', { text: 'Track my order', payload: 'TRACK' }))).toEqual({ text: 'Track my order', media: null });
    expect(describeMessage(message('interactive', { type: 'nfm_reply', nfm_reply: {} }))).toMatchObject({ skip: expect.stringContaining('nfm_reply') });
  });

  it('skips reactions, system notices and unknown types with the reason', () => {
    expect(describeMessage(message('reaction', { message_id: 'wamid.0', emoji: '👍' }))).toEqual({ skip: 'a reaction to an earlier message' });
    expect(describeMessage(message('unsupported', {}))).toEqual({ skip: 'a message type WhatsApp does not deliver to the Cloud API' });
    expect(describeMessage(message('order', {}))).toEqual({ skip: 'a message of type "order", which this channel does not read' });
  });
});
