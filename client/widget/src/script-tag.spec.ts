import { describe, expect, it } from 'vitest';
import { findInstallation, type ScriptLike } from './script-tag';

function script(src: string, widgetId?: string): ScriptLike {
  return { src, getAttribute: (name) => (name === 'data-widget-id' ? (widgetId ?? null) : null) };
}

const PAGE = 'https://shop.example.com/products/1';

describe('findInstallation', () => {
  it('takes the running script and the API origin from its src, not the page', () => {
    const current = script('https://switchboard.example.com/widget.js', 'w1');
    expect(findInstallation(current, [], PAGE, 'abc')).toEqual({
      script: current,
      widgetId: 'w1',
      origin: 'https://switchboard.example.com',
      chatUrl: 'https://switchboard.example.com/widget-chat.js?v=abc',
    });
  });

  it('finds the tag by its src when currentScript is not there', () => {
    const tags = [script('https://cdn.example.com/other.js', 'x'), script('https://app.example.net/widget.js?x=1'), script('https://app.example.net/widget.js?x=1', 'w2')];
    const found = findInstallation(null, tags, PAGE, '');
    expect(found?.widgetId).toBe('w2');
    expect(found?.chatUrl).toBe('https://app.example.net/widget-chat.js');
  });

  it('resolves a relative src against the page and keeps a sub-path', () => {
    const found = findInstallation(script('/switchboard/widget.js', 'w3'), [], PAGE, '');
    expect(found?.origin).toBe('https://shop.example.com');
    expect(found?.chatUrl).toBe('https://shop.example.com/switchboard/widget-chat.js');
  });

  it('is nothing without a widget id', () => {
    expect(findInstallation(script('https://a.example/widget.js'), [script('https://a.example/widget.js', '  ')], PAGE, '')).toBeNull();
  });
});
