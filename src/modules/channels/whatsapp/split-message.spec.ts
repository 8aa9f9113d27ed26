import { describe, expect, it } from 'vitest';
import { splitMessage, WHATSAPP_TEXT_LIMIT } from './split-message';

describe('splitting a text at WhatsApp’s limit', () => {
  it('leaves a text within the limit whole', () => {
    expect(splitMessage('Short answer.')).toEqual(['Short answer.']);
    expect(splitMessage('x'.repeat(WHATSAPP_TEXT_LIMIT))).toHaveLength(1);
    expect(splitMessage('  \n ')).toEqual([]);
  });

  it('cuts at a paragraph break, then a line break, then a sentence end in the second half of the window', () => {
    expect(splitMessage('First paragraph here.\n\nSecond one is here.', 30)).toEqual(['First paragraph here.', 'Second one is here.']);
    expect(splitMessage('A line of its own\nand the next line', 30)).toEqual(['A line of its own', 'and the next line']);
    expect(splitMessage('One sentence. Two sentences! Three?', 34)).toEqual(['One sentence. Two sentences!', 'Three?']);
  });

  it('cuts at a space when no sentence ends late enough, and hard only without any', () => {
    expect(splitMessage('Short. then a long run of words without an end', 30)).toEqual(['Short. then a long run of', 'words without an end']);
    expect(splitMessage('y'.repeat(60), 30)).toEqual(['y'.repeat(26), 'y'.repeat(26), 'y'.repeat(8)]);
  });

  it('never cuts an emoji in half', () => {
    const parts = splitMessage('😀'.repeat(30), 30);
    expect(parts.join('')).toBe('😀'.repeat(30));
    expect(parts.every((part) => part.length <= 30 && !/[\uD800-\uDBFF]$/.test(part))).toBe(true);
  });

  it('closes a monospace block at a cut and opens it again in the next part', () => {
    const parts = splitMessage(`\`\`\`${'code line\n'.repeat(8)}\`\`\``, 40);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(40);
      expect(part.startsWith('```') && part.endsWith('```')).toBe(true);
    }
  });

  it('keeps every part of a long answer within the limit and loses no word', () => {
    const text = Array.from({ length: 900 }, (_, i) => `Sentence number ${i} says something.`).join(' ');
    const parts = splitMessage(text);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((part) => part.length <= WHATSAPP_TEXT_LIMIT && part.endsWith('.'))).toBe(true);
    expect(parts.join(' ')).toBe(text);
  });
});
