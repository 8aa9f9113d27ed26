import { describe, expect, it } from 'vitest';
import { mediaKindFor } from './whatsapp.adapter';

describe('how a generated file is sent on WhatsApp', () => {
  it('inline when WhatsApp plays or shows its type', () => {
    expect(mediaKindFor('image/png', 1_000)).toBe('image');
    expect(mediaKindFor('audio/ogg; codecs=opus', 1_000)).toBe('audio');
    expect(mediaKindFor('audio/mpeg', 1_000)).toBe('audio');
    expect(mediaKindFor('video/mp4', 1_000)).toBe('video');
  });

  it('as a document otherwise, and for pictures over WhatsApp’s image size', () => {
    expect(mediaKindFor('application/pdf', 1_000)).toBe('document');
    expect(mediaKindFor('audio/wav', 1_000)).toBe('document');
    expect(mediaKindFor('image/webp', 1_000)).toBe('document');
    expect(mediaKindFor('image/jpeg', 6 * 1024 * 1024)).toBe('document');
  });
});
