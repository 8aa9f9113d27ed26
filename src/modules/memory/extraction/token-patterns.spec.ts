import { describe, expect, it } from 'vitest';
import { compilePattern, joinTokens, matchPattern, tokensOf } from './token-patterns';

const match = (pattern: string, sentence: string) => matchPattern(tokensOf(sentence), compilePattern(pattern));

describe('token patterns', () => {
  it('reads contractions as words, splits elisions and possessives, and keeps commas as tokens', () => {
    expect(tokensOf("I'm sure, I don't know l'eau de Paul's").map((token) => token.lower)).toEqual(['i', 'am', 'sure', ',', 'i', 'do', 'not', 'know', "l'", 'eau', 'de', 'paul', "'s"]);
    expect(joinTokens(tokensOf("J'adore l'eau, vraiment."))).toBe("J'adore l'eau, vraiment");
  });

  it('matches words, alternatives, optional words and captures, and returns the object as written', () => {
    expect(match('i ~2 {like|love} *', 'Honestly I really LOVE Jazz!')).toEqual({ start: 1, captures: ['love'], object: 'Jazz', objectStart: 4 });
    expect(match('i am [originally] from *', "I'm from Poland")?.object).toBe('Poland');
    expect(match('i am [originally] from *', "I'm originally from Poland")?.object).toBe('Poland');
    expect(match('my ? is called *', 'My wife is called Maria')?.captures).toEqual(['wife']);
    expect(match('(mein|meine) ^lieblings ist *', 'Meine Lieblingsfarbe ist Blau')).toMatchObject({ captures: ['farbe'], object: 'Blau' });
    expect(match('ich habe [eine] $allergie', 'Ich habe eine Nuss-Allergie')?.captures).toEqual(['Nuss']);
  });

  it('needs an object where the pattern has one, and never lets a gap cross a comma', () => {
    expect(match('i live in *', 'I live in')).toBeNull();
    expect(match('i ~3 live in *', 'I, for one, live in Rome')).toBeNull();
    expect(match('i ~3 live in *', 'I still live in Rome')?.object).toBe('Rome');
  });

  it('takes time linear in the sentence, however many places nearly match', () => {
    const steps = compilePattern('i ~3 ~3 (live|living) ~3 in ~3 at *');
    const tokens = tokensOf('i live in '.repeat(20_000));
    const started = performance.now();
    expect(matchPattern(tokens, steps)).toBeNull();
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
