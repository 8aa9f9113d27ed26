import { describe, expect, it, vi } from 'vitest';
import type { Publication } from '../../../api/realtime';
import { widgetSourceEventOf, type WidgetSource } from './widget-sources-api';

// The requests are not under test; their module reads the browser's storage when loaded.
vi.mock('../../../api/http', () => ({ request: vi.fn() }));

const SOURCE: WidgetSource = {
  id: 's1',
  widgetId: 'w1',
  url: 'https://shop.example.com/',
  state: 'crawling',
  pages: 3,
  error: null,
  crawledAt: null,
  createdAt: '2026-12-02T10:00:00.000Z',
};

const publication = (type: string, data: unknown): Publication => ({ channel: 'user:u1', offset: 1, type, ts: 0, data });

describe('widgetSourceEventOf', () => {
  it('reads a widget.source.updated publication as the source it carries', () => {
    expect(widgetSourceEventOf(publication('widget.source.updated', SOURCE))).toEqual(SOURCE);
  });

  it('ignores other events and malformed data', () => {
    expect(widgetSourceEventOf(publication('file.updated', SOURCE))).toBeNull();
    expect(widgetSourceEventOf(publication('widget.source.updated', null))).toBeNull();
    expect(widgetSourceEventOf(publication('widget.source.updated', { ...SOURCE, widgetId: 7 }))).toBeNull();
    expect(widgetSourceEventOf(publication('widget.source.updated', { ...SOURCE, state: 'exploded' }))).toBeNull();
  });
});
