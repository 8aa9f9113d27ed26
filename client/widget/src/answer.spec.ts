import { describe, expect, it } from 'vitest';
import { applyAnswerEvent, newAnswer, type AnswerView } from './answer';

function play(events: Array<[string, unknown, string?]>, start: AnswerView = newAnswer()): AnswerView {
  return events.reduce((view, [name, data, id]) => applyAnswerEvent(view, name, data, id ?? null), start);
}

describe('applyAnswerEvent', () => {
  it('builds a plain answer from its chunks', () => {
    const view = play([
      ['started', { trackId: 't1', chatId: 'c', messageId: 'm1', userMessageId: 'u1' }, '1-0'],
      ['classified', { topic: 'general' }, '2-0'],
      ['chunk', { text: 'Hello' }, '3-0'],
      ['chunk', { text: ', world' }, '4-0'],
      ['complete', { messageId: 'm1', status: 'complete', files: [] }, '5-0'],
    ]);
    expect(view).toMatchObject({ trackId: 't1', messageId: 'm1', text: 'Hello, world', status: 'complete', lastEventId: '5-0' });
  });

  it('is streaming from the first event until the last', () => {
    expect(play([['started', { trackId: 't' }, '1-0']]).status).toBe('streaming');
    expect(newAnswer().status).toBe('pending');
  });

  it('keeps a card per plan step', () => {
    const view = play([
      ['plan', { nodes: [{ nodeId: 'n1', capability: 'summarize', dependsOn: [] }, { nodeId: 'n2', capability: 'translate', dependsOn: ['n1'] }], replyNode: 'n2' }],
      ['task_update', { nodeId: 'n1', capability: 'summarize', state: 'running' }],
      ['task_progress', { nodeId: 'n1', percent: 42.4 }],
      ['task_update', { nodeId: 'n1', capability: 'summarize', state: 'done' }],
      ['task_update', { nodeId: 'n2', capability: 'translate', state: 'bogus' }],
      ['task_file', { nodeId: 'n1', file: { id: 'f1', name: 'a.pdf', mime: 'application/pdf', url: '/files/f1' } }],
      ['task_file', { nodeId: 'n1', file: { id: 'f1', name: 'a.pdf', mime: 'application/pdf', url: '/files/f1' } }],
      ['task_chunk', { nodeId: 'n1', chunk: 'not the reply' }],
    ]);
    expect(view.replyNode).toBe('n2');
    expect(view.cards).toEqual([
      { nodeId: 'n1', capability: 'summarize', state: 'done', percent: 42 },
      { nodeId: 'n2', capability: 'translate', state: 'pending', percent: null },
    ]);
    expect(view.files).toHaveLength(1);
    expect(view.text).toBe('');
  });

  it('drops the cards of a discarded plan, and clears the text on reset', () => {
    const view = play([
      ['plan', { nodes: [{ nodeId: 'n1', capability: 'chat' }], replyNode: 'n1' }],
      ['chunk', { text: 'draft' }],
      ['plan_discarded', { reason: 'every step failed' }],
      ['reset', { reason: 'again' }],
      ['chunk', { text: 'plain' }],
    ]);
    expect(view.cards).toEqual([]);
    expect(view.text).toBe('plain');
  });

  it('drops everything shown of the answer on reset (another worker starts it again), and renders what follows', () => {
    const view = play([
      ['plan', { nodes: [{ nodeId: 'doc', capability: 'document_generation' }, { nodeId: 'n2', capability: 'chat' }], replyNode: 'n2' }, '1-0'],
      ['task_update', { nodeId: 'doc', capability: 'document_generation', state: 'done' }, '2-0'],
      ['task_file', { nodeId: 'doc', file: { id: 'f1', name: 'a.pdf', mime: 'application/pdf', url: '/files/f1' } }, '3-0'],
      ['sources', { results: [{ n: 1, title: 'A page', url: 'https://example.com/a', snippet: 'text' }] }, '4-0'],
      ['chunk', { text: 'half an ans' }, '5-0'],
      ['reset', { reason: 'again' }, '6-0'],
    ]);
    expect(view).toMatchObject({ status: 'streaming', text: '', cards: [], replyNode: null, files: [], citations: [], lastEventId: '6-0' });
    const after = play([['chunk', { text: 'A clean answer.' }, '7-0'], ['complete', { status: 'complete', files: [] }, '8-0']], view);
    expect(after).toMatchObject({ status: 'complete', text: 'A clean answer.' });
  });

  it('resumes across a reset: a stream resumed from before it drops the partial text it had', () => {
    const resumed = newAnswer({ trackId: 't', text: 'Half an', lastEventId: '3-0' });
    expect(play([['reset', { reason: 'again' }, '4-0'], ['chunk', { text: 'Whole.' }, '5-0']], resumed).text).toBe('Whole.');
  });

  it('ends stopped, or failed with the error', () => {
    expect(play([['chunk', { text: 'part' }], ['complete', { status: 'stopped' }]])).toMatchObject({ status: 'stopped', text: 'part' });
    expect(play([['error', { code: 'INTERRUPTED', message: 'The worker died.' }]])).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED', message: 'The worker died.' } });
  });

  it('ignores what comes after the final event (a resumed stream repeats it)', () => {
    const done = play([['chunk', { text: 'all' }, '1-0'], ['complete', { status: 'complete' }, '2-0']]);
    expect(applyAnswerEvent(done, 'complete', { status: 'complete' }, '2-0')).toBe(done);
    expect(applyAnswerEvent(done, 'chunk', { text: 'more' }, '3-0')).toBe(done);
  });

  it('continues from a resume point', () => {
    const resumed = newAnswer({ trackId: 't', text: 'Hel', lastEventId: '3-0' });
    const view = play([['chunk', { text: 'lo' }, '4-0']], resumed);
    expect(view).toMatchObject({ text: 'Hello', lastEventId: '4-0', status: 'streaming' });
  });

  it('survives malformed payloads', () => {
    const view = play([
      ['chunk', null],
      ['chunk', { text: 5 }],
      ['plan', { nodes: 'no' }],
      ['task_update', {}],
      ['task_file', { file: { name: 'no id' } }],
      ['sources', { results: [{ title: 'Doc', url: 'https://example.com' }, 7] }],
      ['thinking', {}],
    ]);
    expect(view.text).toBe('');
    expect(view.cards).toEqual([]);
    expect(view.files).toEqual([]);
    // A source without its number cannot be cited.
    expect(view.citations).toEqual([]);
  });

  it('keeps the sources as they come, and the final list', () => {
    const streamed = play([
      ['sources', { results: [{ n: 1, title: 'Pricing', snippet: 'From 5 €', url: 'https://shop.example.com/pricing' }] }],
      ['chunk', { text: 'Plans start at 5 € [1].' }],
    ]);
    expect(streamed.citations).toEqual([{ n: 1, title: 'Pricing', snippet: 'From 5 €', url: 'https://shop.example.com/pricing' }]);
    const done = play([['complete', { status: 'complete', files: [], citations: [{ n: 1, title: 'Handbook', snippet: 'Thirty days', fileId: 'f1', page: 2 }] }]], streamed);
    expect(done.citations).toEqual([{ n: 1, title: 'Handbook', snippet: 'Thirty days', fileId: 'f1', page: 2 }]);
    // A final event without citations keeps those the stream brought.
    expect(play([['complete', { status: 'complete', files: [] }]], streamed).citations).toEqual(streamed.citations);
  });

  it('adds the files of the final event once', () => {
    const view = play([
      ['task_file', { nodeId: 'n', file: { id: 'f1', name: 'a', mime: 'x', url: '/a' } }],
      ['complete', { status: 'complete', files: [{ id: 'f1', name: 'a', mime: 'x', url: '/a' }, { id: 'f2', name: 'b', mime: 'x', url: '/b' }] }],
    ]);
    expect(view.files.map((file) => file.id)).toEqual(['f1', 'f2']);
  });
});
