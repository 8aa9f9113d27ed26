import { describe, expect, it } from 'vitest';
import { blankPng } from '../../../../test/support/scans';
import { imageSize } from './image-size';

/** A JPEG's start: SOI, an APP0 segment, a DQT segment, then a baseline or progressive frame header. */
function jpeg(sof: number, width: number, height: number): Buffer {
  const app0 = Buffer.from('ffe000104a46494600010100000100010000', 'hex');
  const dqt = Buffer.concat([Buffer.from('ffdb0005', 'hex'), Buffer.alloc(3)]);
  const frame = Buffer.from([0xff, sof, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03]);
  return Buffer.concat([Buffer.from('ffd8', 'hex'), app0, dqt, frame, Buffer.alloc(16)]);
}

describe('imageSize', () => {
  it('reads the size a PNG, a GIF and a JPEG (baseline or progressive) declare', () => {
    expect(imageSize(blankPng(640, 480))).toEqual({ width: 640, height: 480 });
    expect(imageSize(Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([0x20, 0x03, 0x58, 0x02])]))).toEqual({ width: 800, height: 600 });
    expect(imageSize(jpeg(0xc0, 4032, 3024))).toEqual({ width: 4032, height: 3024 });
    expect(imageSize(jpeg(0xc2, 1, 65535))).toEqual({ width: 1, height: 65535 });
  });

  it('reads a declared gigapixel PNG from its header alone', () => {
    const header = Buffer.from(blankPng(1, 1).subarray(0, 33));
    header.writeUInt32BE(100_000, 16);
    header.writeUInt32BE(100_000, 20);

    expect(imageSize(header)).toEqual({ width: 100_000, height: 100_000 });
  });

  it('says null for other formats and for a JPEG whose frame header never comes', () => {
    expect(imageSize(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBeNull();
    expect(imageSize(Buffer.from('ffd8ffda0000', 'hex'))).toBeNull();
    expect(imageSize(Buffer.from('ffd8ffe00001', 'hex'))).toBeNull();
    expect(imageSize(Buffer.concat([Buffer.from('ffd8', 'hex'), Buffer.alloc(100)]))).toBeNull();
  });
});
