import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../../chat/dto/stream.dto';
import { extractiveAnswer } from './extractive-answer';

const FACT = 'Refunds are paid within fourteen days after we receive the returned item.';
const QUESTION = { role: 'user' as const, content: 'When are refunds paid?' };

describe('extractiveAnswer on material of the largest message size built to make its patterns backtrack', () => {
  it.each(['<source>', '<SOURCE>G', '<context><context>', '</documents><documents>'])('finds the tagged section after %j × n', (unclosed) => {
    const filler = unclosed.repeat(Math.floor(MAX_MESSAGE_LENGTH / unclosed.length));
    const answer = extractiveAnswer([{ role: 'system', content: `${filler}<passages>${FACT}</passages>` }, QUESTION]);

    expect(answer.kind).toBe('matching');
    expect(answer.text).toContain(`> ${FACT}`);
  });

  it('keeps the first section of a tag repeated before it is closed', () => {
    const answer = extractiveAnswer([{ role: 'system', content: `<context>Ignore this.<context>${FACT}</context>` }, QUESTION]);
    expect(answer.text).toContain(`> ${FACT}`);
  });

  it.each(['@', '\t', '> ', '- ', '[1] '])('quotes the material of a request padded with %j × n', (unit) => {
    const request = `${QUESTION.content}\n${unit.repeat(MAX_MESSAGE_LENGTH / unit.length)}\n${FACT}`;
    expect(extractiveAnswer([{ role: 'user', content: request }]).text).toContain(`> ${FACT}`);
  });
});

describe('extractiveAnswer on retrieved passages and the conversation', () => {
  const passages = [
    'Passages from the documents (cite the ones you use as [n]):',
    '[1] Handbook.pdf, page 3: Refunds are paid within fourteen days after we receive the returned item.',
    '[2] Handbook.pdf, page 7: Parcels to Norway take five working days.',
  ].join('\n');

  it('cites the passage each quote comes from by its number, and never quotes the list label', () => {
    const { text } = extractiveAnswer([{ role: 'system', content: `Be brief.\n<context>\n${passages}\n</context>` }, QUESTION]);

    expect(text).toContain('> Handbook.pdf, page 3: Refunds are paid within fourteen days after we receive the returned item. [1]');
    expect(text).not.toContain('cite the ones you use');
  });

  it("never quotes the user's earlier questions back as material, but keeps what they stated", () => {
    const { text } = extractiveAnswer([
      { role: 'user', content: 'How long does shipping to Norway take? My parcel number is 4471.' },
      { role: 'assistant', content: 'I cannot tell.' },
      { role: 'user', content: 'What about shipping to Norway, and my parcel number?' },
    ]);

    expect(text).toContain('My parcel number is 4471.');
    expect(text).not.toContain('How long does shipping');
  });
});
