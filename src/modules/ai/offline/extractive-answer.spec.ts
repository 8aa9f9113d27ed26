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

describe('extractiveAnswer on a text to summarize', () => {
  const ARTICLE = [
    'Der Stadtrat hat am Montag den neuen Haushalt für 2027 beschlossen.',
    'Die Ausgaben für Schulen steigen um zehn Prozent.',
    'Straßen bekommen weniger Geld als im Vorjahr.',
    'Der Bürgermeister nannte den Haushalt einen fairen Kompromiss.',
    'Die Opposition kritisierte die Kürzungen bei den Straßen.',
  ].join(' ');

  it('extracts the central sentences of a short pasted text instead of saying there is no material', () => {
    const answer = extractiveAnswer([{ role: 'user', content: `Fasse das zusammen: ${ARTICLE}` }]);

    expect(answer).toMatchObject({ kind: 'summary', language: 'de' });
    expect(answer.text).toMatch(/^\*Offline-Modus, kein KI-Modell im Einsatz: die zentralen Sätze des Textes/);
    expect(answer.text).toContain('Der Stadtrat hat am Montag den neuen Haushalt für 2027 beschlossen.');
  });

  it('reads the material after a label line in the language of the material, in its original order', () => {
    const answer = extractiveAnswer([
      { role: 'system', content: 'Summarize the text the user gives you.' },
      { role: 'user', content: `Text to summarize:\n${ARTICLE}` },
    ]);

    expect(answer.kind).toBe('summary');
    expect(answer.language).toBe('de');
    const quoted = answer.text.split('\n').filter((line) => line.startsWith('> ') && line.length > 4).join(' ');
    const positions = ARTICLE.split(/(?<=\.) /).map((sentence) => quoted.indexOf(sentence)).filter((index) => index >= 0);
    expect(positions.length).toBeGreaterThanOrEqual(3);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it.each([
    ['Summarize this:', 'en'],
    ['Résume ce texte :', 'fr'],
    ['Resume este texto:', 'es'],
    ['Riassumi questo testo:', 'it'],
    ['Bu metni özetle:', 'tr'],
  ])('asks for a summary with %j', (request, language) => {
    const text = 'The council approved the new budget on Monday. Spending on schools rises by ten percent. Roads get less money.';
    const answer = extractiveAnswer([{ role: 'user', content: `${request}\n${text}` }]);
    expect(answer.kind).toBe('summary');
    expect(['en', language]).toContain(answer.language);
  });

  it('summarizes only the pasted text, not the conversation before it', () => {
    const answer = extractiveAnswer([
      { role: 'user', content: 'My parcel number is 4471 and it never arrived at my door.' },
      { role: 'assistant', content: 'Sorry to hear that.' },
      { role: 'user', content: `Summarize:\n${ARTICLE}` },
    ]);
    expect(answer.text).not.toContain('4471');
  });

  it('does not quote labels ending in a colon', () => {
    const answer = extractiveAnswer([{ role: 'user', content: 'Summarize this:\nKey points:\nThe budget passed on Monday. Schools get more money.' }]);
    expect(answer.text).not.toContain('Key points');
  });

  it('still answers a short question of two lines, or after a label, as a question, not as material', () => {
    expect(extractiveAnswer([{ role: 'user', content: 'Hi\nWhat is the capital of France?' }]).kind).toBe('no-material');
    expect(extractiveAnswer([{ role: 'user', content: 'Question:\nWhat is the capital of France?' }]).kind).toBe('no-material');
    expect(extractiveAnswer([{ role: 'user', content: 'Two questions: what is the capital of France? And of Spain?' }]).kind).toBe('no-material');
  });

  it('summarizes a one-sentence text after a label', () => {
    const answer = extractiveAnswer([{ role: 'user', content: 'Text to summarize:\nThe council approved the budget.' }]);
    expect(answer).toMatchObject({ kind: 'summary' });
    expect(answer.text).toContain('> The council approved the budget.');
  });
});
