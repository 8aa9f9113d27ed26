import { describe, expect, it } from 'vitest';
import { extractReplyText, MAX_BODY_CHARS } from './reply-text';

const lines = (...text: string[]): string => text.join('\n');

describe('extractReplyText', () => {
  it('keeps a plain message as it is, trimmed', () => {
    expect(extractReplyText('\n  Please summarise the report.\n\nThanks, Ann\n')).toBe('Please summarise the report.\n\nThanks, Ann');
  });

  it.each([
    ['English', 'On Mon, 1 Jan 2024 at 10:00, Bob <bob@example.org> wrote:'],
    ['German', 'Am 01.01.2024 um 10:00 schrieb Bob Beispiel <bob@example.org>:'],
    ['French', 'Le lun. 1 janv. 2024 à 10:00, Bob <bob@example.org> a écrit :'],
    ['French with a no-break space', 'Le lun. 1 janv. 2024 à 10:00, Bob <bob@example.org> a écrit\u00a0:'],
    ['Spanish', 'El lun, 1 ene 2024 a las 10:00, Bob (<bob@example.org>) escribió:'],
    ['Italian', 'Il giorno lun 1 gen 2024 alle ore 10:00 Bob <bob@example.org> ha scritto:'],
    ['Dutch', 'Op ma 1 jan. 2024 om 10:00 schreef Bob <bob@example.org>:'],
    ['Portuguese', 'Em seg., 1 de jan. de 2024 às 10:00, Bob <bob@example.org> escreveu:'],
  ])('cuts the quoted history below a %s attribution line', (_, attribution) => {
    expect(extractReplyText(lines('Yes, go ahead.', '', attribution, '> Shall I?', '> Bob'))).toBe('Yes, go ahead.');
  });

  it('recognises an attribution that the client wrapped onto two lines', () => {
    const wrapped = lines('Sounds good.', '', 'On Mon, Jan 1, 2024 at 10:00 AM Bob Example <', 'bob@example.org> wrote:', '', '> earlier');

    expect(extractReplyText(wrapped)).toBe('Sounds good.');
  });

  it('keeps prose that merely starts with "On" and ends with "wrote:"', () => {
    const prose = lines('On reflection, this is what my colleague wrote:', 'the numbers are fine.');

    expect(extractReplyText(prose)).toBe(prose);
  });

  it('drops interleaved quoted lines and keeps the answers between them', () => {
    expect(extractReplyText(lines('> Can you come?', 'Yes.', '>> Earlier', '  > When?', 'At ten.'))).toBe('Yes.\nAt ten.');
  });

  it('cuts at Outlook separators and header blocks, in several languages', () => {
    expect(extractReplyText(lines('Done.', '', '-----Original Message-----', 'From: Bob', 'Sent: Monday', 'old'))).toBe('Done.');
    expect(extractReplyText(lines('Erledigt.', '----- Ursprüngliche Nachricht -----', 'Von: Bob'))).toBe('Erledigt.');
    expect(extractReplyText(lines('Fait.', '', '________________________________', 'De : Bob <bob@example.org>', 'Envoyé : lundi 1 janvier 2024 10:00', 'À : Ann', 'old'))).toBe('Fait.');
    expect(extractReplyText(lines('Hecho.', '', '*From:* Bob', '*Sent:* Monday', 'old'))).toBe('Hecho.');
    expect(extractReplyText(lines('Hecho.', 'De: Bob', 'Para: Ann', 'Enviado: lunes', 'viejo'))).toBe('Hecho.');
  });

  it('keeps a "From:" line that no header block follows', () => {
    expect(extractReplyText(lines('From: the team', 'we say thanks.'))).toBe('From: the team\nwe say thanks.');
  });

  it('cuts the signature below "-- " (and the trimmed "--")', () => {
    expect(extractReplyText(lines('See you.', '-- ', 'Ann Example', 'ACME Corp'))).toBe('See you.');
    expect(extractReplyText(lines('See you.', '--', 'Ann'))).toBe('See you.');
  });

  it('drops "Sent from my iPhone"-style footers in several languages', () => {
    for (const footer of ['Sent from my iPhone', 'Von meinem iPhone gesendet', 'Envoyé de mon iPad', 'Enviado desde mi teléfono', 'Get Outlook for Android']) {
      expect(extractReplyText(lines('Thanks!', '', footer))).toBe('Thanks!');
    }
    expect(extractReplyText(lines('Thanks!', '', 'Sent from my iPhone', '', 'On Mon, 1 Jan 2024, Bob <bob@example.org> wrote:', '> hi'))).toBe('Thanks!');
  });

  it('keeps a sentence that starts like a footer but is not the last line', () => {
    expect(extractReplyText(lines('Sent from my office: the contract.', 'Please check it.'))).toBe('Sent from my office: the contract.\nPlease check it.');
  });

  it('keeps a forwarded message whole: it is the material', () => {
    const forward = lines('Please summarise this.', '', '---------- Forwarded message ---------', 'From: Bob <bob@example.org>', 'Date: Mon, 1 Jan 2024', '', '> the report');

    expect(extractReplyText(forward)).toBe(forward);
  });

  it('keeps the whole text when everything in it was quoted', () => {
    expect(extractReplyText('> only a quote')).toBe('> only a quote');
  });

  it('collapses the blank lines left where quotes were, and reads CRLF', () => {
    expect(extractReplyText('One\r\n\r\n> q\r\n\r\n\r\nTwo')).toBe('One\n\nTwo');
  });

  it('reads at most MAX_BODY_CHARS, in time linear in the text, whatever it holds', () => {
    const hostile = [
      `On ${'1'.repeat(MAX_BODY_CHARS)}`,
      'From: x\n'.repeat(MAX_BODY_CHARS / 8),
      '>'.repeat(MAX_BODY_CHARS * 2),
      `${'-'.repeat(MAX_BODY_CHARS / 2)}original message`,
      'On 1 @\n'.repeat(MAX_BODY_CHARS / 7),
    ];
    for (const text of hostile) {
      const started = performance.now();
      expect(extractReplyText(text).length).toBeLessThanOrEqual(MAX_BODY_CHARS);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });
});
