/**
 * The pixel size an image declares in its header (PNG, JPEG, GIF), or null when the format is
 * another or the header cannot be found. A few bytes say how much memory decoding will take: a
 * small file can declare a gigapixel image (a decompression bomb), which OCR refuses up front.
 */
export function imageSize(data: Buffer): { width: number; height: number } | null {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47 && data.subarray(12, 16).toString('latin1') === 'IHDR') {
    return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  if (data.length >= 10 && data.subarray(0, 4).toString('latin1') === 'GIF8') return { width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8) return jpegSize(data);
  return null;
}

/** SOF markers (baseline, progressive, lossless …): every 0xC0–0xCF but DHT (C4), JPG (C8) and DAC (CC). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** Walks the JPEG's marker segments (each says its length, so this is linear) to its frame header. */
function jpegSize(data: Buffer): { width: number; height: number } | null {
  let offset = 2;
  while (offset + 4 <= data.length) {
    if (data[offset] !== 0xff) return null;
    const marker = data[offset + 1] ?? 0;
    // Fill bytes and markers without a length (RSTn, TEM).
    if (marker === 0xff || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += marker === 0xff ? 1 : 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null;
    const length = data.readUInt16BE(offset + 2);
    if (length < 2) return null;
    if (SOF.has(marker)) return offset + 9 <= data.length ? { width: data.readUInt16BE(offset + 7), height: data.readUInt16BE(offset + 5) } : null;
    offset += 2 + length;
  }
  return null;
}
