import { describe, expect, it } from 'vitest';
import { safeColor, textColorOn } from './color';

describe('safeColor', () => {
  it('lets only #rrggbb into the CSS', () => {
    expect(safeColor('#4f46e5', '#000000')).toBe('#4f46e5');
    expect(safeColor('red;}body{display:none', '#000000')).toBe('#000000');
    expect(safeColor('#fff', '#000000')).toBe('#000000');
    expect(safeColor(undefined, '#000000')).toBe('#000000');
  });
});

describe('textColorOn', () => {
  it('picks the readable text colour', () => {
    expect(textColorOn('#4f46e5')).toBe('#ffffff');
    expect(textColorOn('#000000')).toBe('#ffffff');
    expect(textColorOn('#ffffff')).toBe('#111111');
    expect(textColorOn('#facc15')).toBe('#111111');
  });
});
