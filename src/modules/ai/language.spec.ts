import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../chat/dto/stream.dto';
import { detectLanguage } from './language';

describe('detectLanguage', () => {
  it.each([
    ['en', 'The cat sits on the mat and looks out of the window while it rains outside.'],
    ['de', 'Die Katze sitzt auf der Matte und schaut aus dem Fenster, während es draußen regnet.'],
    ['fr', 'Le chat est assis sur le tapis et regarde par la fenêtre pendant qu’il pleut dehors.'],
    ['es', 'El gato está sentado en la alfombra y mira por la ventana mientras llueve afuera.'],
    ['it', 'Il gatto è seduto sul tappeto e guarda fuori dalla finestra mentre piove.'],
    ['ru', 'Кошка сидит на коврике и смотрит в окно, пока на улице идёт дождь.'],
    ['ru', 'Москва является столицей Российской Федерации и крупнейшим городом страны.'],
  ])('recognises %s in a full sentence', (code, text) => {
    expect(detectLanguage(text)).toBe(code);
  });

  it.each([
    ['en', 'What is the capital of France?'],
    ['de', 'Was ist die Hauptstadt von Frankreich?'],
    ['de', 'Fasse das Dokument zusammen'],
    ['fr', 'Quelle est la capitale de la France ?'],
    ['es', '¿Cuál es la capital de Francia?'],
    ['ja', '今日は天気がいいですね'],
  ])('recognises %s in a short question', (code, text) => {
    expect(detectLanguage(text)).toBe(code);
  });

  it.each(['', 'ok', 'Hi', '42', '???', 'https://example.com/some/path'])('falls back to en for %j (too short or no words)', (text) => {
    expect(detectLanguage(text)).toBe('en');
  });

  it('ignores code and links when judging the language', () => {
    const text = 'Kannst du mir bitte erklären, was dieser Code macht? ```const x = await fetch(url); return x.json();``` Siehe https://example.com/docs';
    expect(detectLanguage(text)).toBe('de');
  });

  it('ignores e-mail addresses when judging the language', () => {
    // Read as words, the address would vote English ("the", "and").
    expect(detectLanguage('Bitte schreib an the.team.and.the.board@the.company.com')).toBe('de');
  });

  describe('on a message of the largest size built to make patterns backtrack', () => {
    const request = 'Kannst du mir bitte erklären, was dieser Code macht? ';
    const filler = (unit: string): string => unit.repeat(Math.ceil(MAX_MESSAGE_LENGTH / unit.length)).slice(0, MAX_MESSAGE_LENGTH - request.length);

    it.each(['@', 'x@', '@ ', '@.', '`', '```', 'x@y.z ', 'https://', '\t'])('still reads the request before %j × n', (unit) => {
      expect(detectLanguage(request + filler(unit))).toBe('de');
    });

    it.each(['@', 'a@', '\t '])('judges %j × n by its head, as it would a short text', (unit) => {
      expect(detectLanguage(unit.repeat(MAX_MESSAGE_LENGTH / unit.length))).toBe(detectLanguage(unit.repeat(1_024 / unit.length)));
    });
  });

  it('is deterministic', () => {
    const text = 'Bonjour, pouvez-vous me résumer ce document en trois phrases ?';
    expect(new Set(Array.from({ length: 5 }, () => detectLanguage(text)))).toEqual(new Set(['fr']));
  });
});
