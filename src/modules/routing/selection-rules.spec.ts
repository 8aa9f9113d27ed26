import { describe, expect, it } from 'vitest';
import { CHECK_TIMEOUT_MS, checkPattern, describeProblem } from '../../common/security/testing/redos-check';
import { MAX_MESSAGE_LENGTH } from '../chat/dto/stream.dto';
import { compileRule, findRuleMatch, MAX_SELECTION_RULE_LENGTH, MAX_SELECTION_RULES, ruleMatches } from './selection-rules';

describe('selection rules', () => {
  it('match case-insensitively', () => {
    expect(ruleMatches('Please TRANSLATE this', 'translate')).toBe(true);
    expect(ruleMatches('please translate this', 'Translate')).toBe(true);
    expect(ruleMatches('ÜBERSETZE bitte', 'übersetze')).toBe(true);
    expect(ruleMatches('ΜΕΤΆΦΡΑΣΕ αυτό', 'μετάφρασε')).toBe(true);
  });

  it('match whole words only', () => {
    expect(ruleMatches('open the drawer', 'draw')).toBe(false);
    expect(ruleMatches('withdraw money', 'draw')).toBe(false);
    expect(ruleMatches('draw a cat', 'draw')).toBe(true);
    expect(ruleMatches('Can you draw?', 'draw')).toBe(true);
    expect(ruleMatches('(draw) it', 'draw')).toBe(true);
    expect(ruleMatches('draw_it', 'draw')).toBe(false);
    expect(ruleMatches('draw2', 'draw')).toBe(false);
  });

  it('treat letters of any script as word characters', () => {
    expect(ruleMatches('Ich möchte übersetzen lassen', 'übersetze')).toBe(false);
    expect(ruleMatches('cafés ouverts', 'café')).toBe(false);
    expect(ruleMatches('un café noir', 'café')).toBe(true);
    expect(ruleMatches('straße', 'stra')).toBe(false);
  });

  it('match phrases across any whitespace, but not with words in between', () => {
    expect(ruleMatches('Please generate   an\nimage of a cat', 'generate an image')).toBe(true);
    expect(ruleMatches('generate a nice image', 'generate an image')).toBe(false);
    expect(ruleMatches('regenerate an image', 'generate an image')).toBe(false);
    expect(ruleMatches('read it aloud, please', 'read it aloud')).toBe(true);
  });

  it('match a trailing * as any word ending', () => {
    expect(ruleMatches('Übersetzung ins Deutsche', 'übersetz*')).toBe(true);
    expect(ruleMatches('bitte übersetzen', 'übersetz*')).toBe(true);
    expect(ruleMatches('unübersetzbar', 'übersetz*')).toBe(false);
    expect(ruleMatches('translation please', 'translat*')).toBe(true);
  });

  it('compare composed and decomposed accents, and typographic apostrophes, as equal', () => {
    expect(ruleMatches('Traduis-le en fran\u0063\u0327ais', 'français')).toBe(true);
    expect(ruleMatches('c\u2019est urgent', "c'est urgent")).toBe(true);
  });

  it('treat regex characters in rules literally', () => {
    expect(ruleMatches('what is c++ used for', 'c++')).toBe(true);
    expect(ruleMatches('tl;dr please', 'tl;dr')).toBe(true);
    expect(ruleMatches('a.b', 'a.b')).toBe(true);
    expect(ruleMatches('axb', 'a.b')).toBe(false);
    expect(ruleMatches('as pdf (draft)', '(draft)')).toBe(true);
    expect(ruleMatches('costs $5', '$5')).toBe(true);
    expect(ruleMatches('a-b test', 'a-b')).toBe(true);
  });

  it('match rules in scripts without spaces anywhere in the text', () => {
    expect(ruleMatches('请把这段话翻译成英文', '翻译')).toBe(true);
    expect(ruleMatches('この文章を翻訳してください', '翻訳')).toBe(true);
  });

  it('never match blank rules', () => {
    expect(compileRule('   ')).toBeNull();
    expect(ruleMatches('anything', '')).toBe(false);
    expect(ruleMatches('anything', '*')).toBe(false);
  });

  describe('written to attack the matcher', () => {
    // Regex syntax that backtracks, or would if it were not taken literally, and the largest rules.
    it.each([
      '(a+)+$',
      '(.*a){20}',
      '^(a|aa)*$',
      '([a-z]+)*x',
      'a{1,99999}',
      '(?<=a)b\\1',
      '[',
      '\\',
      'a+* b*',
      'aa aa aa aa aa aa a!',
      '翻译*',
      'a'.repeat(MAX_SELECTION_RULE_LENGTH),
    ])('compile %j into a pattern whose matching time grows linearly', async (rule) => {
      const regex = compileRule(rule);
      if (regex === null) throw new Error(`${rule} did not compile`);
      expect(describeProblem(await checkPattern(regex.source, regex.flags))).toBeNull();
    }, CHECK_TIMEOUT_MS);

    it('match the words of the rule, not its regex syntax', () => {
      expect(ruleMatches('does (a+)+$ work?', '(a+)+$')).toBe(true);
      expect(ruleMatches('aaaa', '(a+)+$')).toBe(false);
      expect(ruleMatches('aaaa', 'a{1,99999}')).toBe(false);
    });

    it('never match when longer than the API accepts', () => {
      expect(compileRule('a'.repeat(MAX_SELECTION_RULE_LENGTH + 1))).toBeNull();
    });

    describe('in a prompt with the most and longest rules, against messages of the largest size', () => {
      // Every word but the last is found all over the message: the pattern is tried from each of them.
      const rule = `${'aa '.repeat((MAX_SELECTION_RULE_LENGTH - 2) / 3)}a!`;
      const prompt = { topic: 'hostile', enabled: true, selectionRules: Array.from({ length: MAX_SELECTION_RULES }, () => rule) };
      const atMaxLength = (filler: string, end = ''): string => filler.repeat(MAX_MESSAGE_LENGTH).slice(0, MAX_MESSAGE_LENGTH - end.length) + end;

      it.each(['aa ', 'aa\t\n', 'a', ' '])('find no match in %j × n', (filler) => {
        expect(findRuleMatch(atMaxLength(filler), [prompt])).toBeNull();
      });

      it('find the rule at the end of such a message', () => {
        expect(findRuleMatch(atMaxLength('aa\t', ` ${rule}`), [prompt])).toEqual({ prompt, rule });
      });
    });
  });

  describe('findRuleMatch', () => {
    const prompts = [
      { topic: 'mine', enabled: true, selectionRules: ['quarterly numbers'] },
      { topic: 'off', enabled: false, selectionRules: ['translate'] },
      { topic: 'translate', enabled: true, selectionRules: ['translate', 'übersetz*'] },
      { topic: 'mediamaker', enabled: true, selectionRules: ['read aloud', 'translate'] },
    ];

    it('returns the first enabled prompt in the given order, with the rule that matched', () => {
      expect(findRuleMatch('Translate this and read aloud', prompts)).toEqual({ prompt: prompts[2], rule: 'translate' });
      expect(findRuleMatch('read aloud the quarterly numbers', prompts)).toEqual({ prompt: prompts[0], rule: 'quarterly numbers' });
    });

    it('ignores disabled prompts', () => {
      const onlyDisabled = [{ topic: 'off', enabled: false, selectionRules: ['translate'] }];
      expect(findRuleMatch('translate this', onlyDisabled)).toBeNull();
    });

    it('returns null when nothing matches', () => {
      expect(findRuleMatch('What is the capital of France?', prompts)).toBeNull();
    });
  });
});
