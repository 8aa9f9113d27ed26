import { describe, expect, it } from 'vitest';
import { compileRule, findRuleMatch, ruleMatches } from './selection-rules';

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
