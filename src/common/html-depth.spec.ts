import { describe, expect, it } from 'vitest';
import { htmlNestsDeeperThan } from './html-depth';

describe('htmlNestsDeeperThan', () => {
  it('counts open elements, not void, self-closed or closed ones', () => {
    expect(htmlNestsDeeperThan('<div><p>a</p><br><img src="x"/><span/></div>', 2)).toBe(false);
    expect(htmlNestsDeeperThan('<div><div><div>x</div></div></div>', 2)).toBe(true);
    expect(htmlNestsDeeperThan('a < b and <3 and <<<', 1)).toBe(false);
  });
});
