import { Injectable } from '@nestjs/common';
import { ZxcvbnFactory, type TranslationKeys } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';

/** zxcvbn scores 0 (guessable in a few tries) to 4; below 2 falls to an online attack or a leaked hash quickly. */
const MIN_SCORE = 2;
/**
 * zxcvbn's matching grows with the length it scans (tens of ms at 64 characters, about 100 ms at
 * the 128 that RegisterDto allows, on the event loop). A password's first 64 characters tell
 * whether it is guessable; anything that long with a strong start is strong.
 */
const SCORED_LENGTH = 64;
/** Words guessers try first on this site, besides the user's own email and name. */
const SITE_WORDS = ['switchboard'];

/** zxcvbn reports feedback as keys; these are the sentences users see. */
const WARNINGS: TranslationKeys['warnings'] = {
  straightRow: 'Rows of neighbouring keys are easy to guess.',
  keyPattern: 'Short keyboard patterns are easy to guess.',
  simpleRepeat: 'Repeated characters such as "aaa" are easy to guess.',
  extendedRepeat: 'Repeated patterns such as "abcabc" are easy to guess.',
  sequences: 'Sequences such as "abc" or "123" are easy to guess.',
  recentYears: 'Recent years are easy to guess.',
  dates: 'Dates are easy to guess.',
  topTen: 'This is one of the most used passwords.',
  topHundred: 'This is a very common password.',
  common: 'This is a common password.',
  similarToCommon: 'This is close to a common password.',
  wordByItself: 'A single word is easy to guess.',
  namesByThemselves: 'A name on its own is easy to guess.',
  commonNames: 'Common names are easy to guess.',
  userInputs: 'It contains your email address or name.',
  pwned: 'This password has appeared in a data breach.',
};
const SUGGESTIONS: TranslationKeys['suggestions'] = {
  l33t: 'Swapping letters for look-alike symbols, such as @ for a, does not help much.',
  reverseWords: 'Spelling a word backwards does not help much.',
  allUppercase: 'Capitalise some letters, not all of them.',
  capitalization: 'Capitalise more than the first letter.',
  dates: 'Avoid dates and years that relate to you.',
  recentYears: 'Avoid recent years.',
  associatedYears: 'Avoid years that relate to you.',
  sequences: 'Avoid sequences.',
  repeated: 'Avoid repeated words and characters.',
  longerKeyboardPattern: 'Use longer keyboard patterns that change direction.',
  anotherWord: 'Add a word or two that are less common.',
  useWords: 'A few uncommon words together make a strong password.',
  noNeed: 'Symbols, digits and capitals are not required.',
  pwned: 'If you use it anywhere else, change it there too.',
};

/** Refuses the weakest new passwords with WEAK_PASSWORD, saying what makes them weak. */
@Injectable()
export class PasswordPolicy {
  /** Built on first use: ranking the dictionaries takes ~150 ms, which processes that never register people skip. */
  private estimator: ZxcvbnFactory | undefined;

  assertStrongEnough(password: string, owner: { email: string; name: string }): void {
    if (password.trim() === '') throw weak(['A password made only of spaces is easy to guess.']);
    this.estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, maxLength: SCORED_LENGTH });
    const { score, feedback } = this.estimator.check(password, personalWords(owner));
    if (score >= MIN_SCORE) return;
    const advice = [
      feedback.warning === null ? undefined : WARNINGS[feedback.warning as keyof TranslationKeys['warnings']],
      ...feedback.suggestions.map((key) => SUGGESTIONS[key as keyof TranslationKeys['suggestions']]),
    ].filter((sentence): sentence is string => sentence !== undefined);
    throw weak(advice.length > 0 ? advice : [SUGGESTIONS.anotherWord]);
  }
}

function weak(advice: string[]): AppException {
  return new AppException(ErrorCode.WeakPassword, `Choose a stronger password: ${advice.join(' ')}`);
}

/** The email, its local part, the name, and the words in them: what a guesser who knows the user tries first. */
function personalWords(owner: { email: string; name: string }): string[] {
  const email = owner.email.trim().toLowerCase();
  const localPart = email.split('@')[0] ?? email;
  const name = owner.name.trim().toLowerCase();
  const words = `${localPart} ${name}`.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= 3);
  return [...new Set([email, localPart, name, ...words, ...SITE_WORDS])];
}
