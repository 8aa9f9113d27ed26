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
