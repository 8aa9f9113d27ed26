import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../api/stream-events';
import { applyEvent, FILES_NODE, newAnswer, type AnswerState } from './answer-state';

function replay(...events: StreamEvent[]): AnswerState {
  return events.reduce(
    (state, event) => applyEvent(state, event, 0),
    newAnswer({ chatId: null, userText: 'What does the contract say?', userFileIds: ['f1'], modelLabel: null, now: 0 }),
  );
}

const started: StreamEvent = { name: 'started', id: '1', data: { trackId: 't', chatId: 'c', messageId: 'm', userMessageId: 'q' } };
const readingStarts: StreamEvent = { name: 'task_update', id: '2', data: { nodeId: FILES_NODE, capability: 'extract_text', state: 'running' } };

describe('the attachments read before an answer (the files node)', () => {
  it('gets its own card, outside any plan, with its progress, done once read', () => {
    let state = replay(started, readingStarts, { name: 'task_progress', id: '3', data: { nodeId: FILES_NODE, percent: 40 } });
    expect(state.plan).toBeNull();
    expect(state.reading).toMatchObject({ nodeId: FILES_NODE, capability: 'extract_text', state: 'running', percent: 40 });
    expect(state.userFileIds).toEqual(['f1']);

    state = applyEvent(state, { name: 'task_update', id: '4', data: { nodeId: FILES_NODE, capability: 'extract_text', state: 'done' } }, 0);
    expect(state.reading?.state).toBe('done');
  });

  it('survives a plan that comes after it, which gets its own cards', () => {
    const state = replay(started, readingStarts, { name: 'plan', id: '3', data: { replyNode: 'n1', nodes: [{ nodeId: 'n1', capability: 'chat', dependsOn: [] }] } });
    expect(state.reading?.state).toBe('running');
    expect(state.plan?.order).toEqual(['n1']);
  });

  it('is stopped with the answer, and stays stopped', () => {
    let state = replay(started, readingStarts, {
      name: 'complete',
      id: '3',
      data: { messageId: 'm', chatId: 'c', topic: 'general', language: 'en', provider: 'offline', model: 'offline', files: [], citations: [], status: 'stopped' },
    });
    expect(state.reading?.state).toBe('stopped');
    state = applyEvent(state, { name: 'task_update', id: '4', data: { nodeId: FILES_NODE, capability: 'extract_text', state: 'done' } }, 0);
    expect(state.reading?.state).toBe('stopped');
  });
});

describe("the model's reasoning (thinking events)", () => {
  const thinking = (text: string, id: string): StreamEvent => ({ name: 'thinking', id, data: { text } });
  const chunk = (text: string, id: string): StreamEvent => ({ name: 'chunk', id, data: { text } });
  const at = (state: AnswerState, event: StreamEvent, now: number) => applyEvent(state, event, now);

  it('collects the reasoning, timed from its first event to the first chunk of the answer', () => {
    let state = newAnswer({ chatId: 'c', userText: 'Is 91 prime?', modelLabel: null, now: 0 });
    state = at(state, started, 1_000);
    state = at(state, thinking('7 × 13 ', '2'), 1_000);
    expect(state).toMatchObject({ thinking: '7 × 13 ', thinkingSince: 1_000, thinkingMs: null });
    state = at(state, thinking('= 91.', '3'), 2_500);
    state = at(state, chunk('No.', '4'), 4_200);
    expect(state).toMatchObject({ thinking: '7 × 13 = 91.', thinkingSince: null, thinkingMs: 3_200, text: 'No.' });
    state = at(state, chunk(' It is 7 × 13.', '5'), 9_000);
    expect(state.thinkingMs).toBe(3_200);
  });

  it("takes the server's measure once complete", () => {
    let state = newAnswer({ chatId: 'c', userText: 'q', modelLabel: null, now: 0 });
    state = at(state, thinking('hmm', '1'), 0);
    state = at(state, chunk('a', '2'), 900);
    state = at(state, { name: 'complete', id: '3', data: { messageId: 'm', chatId: 'c', topic: 'general', language: 'en', provider: 'openai', model: 'r', files: [], citations: [], status: 'complete', thinkingMs: 870 } }, 1_000);
    expect(state.thinkingMs).toBe(870);
  });

  it('continues a stored answer: its text and reasoning come first, the stream appends, and the time runs on', () => {
    let state = newAnswer({ chatId: 'c', userText: 'q', modelLabel: null, now: 0, continued: { messageId: 'm', text: 'Once upon', thinking: 'Plan. ', thinkingMs: 2_000 } });
    expect(state).toMatchObject({ text: 'Once upon', thinking: 'Plan. ', thinkingMs: 2_000 });
    state = at(state, thinking('More.', '1'), 10_000);
    state = at(state, chunk(' a time.', '2'), 10_500);
    expect(state).toMatchObject({ text: 'Once upon a time.', thinking: 'Plan. More.', thinkingMs: 2_500 });
  });
});

describe('a reset (a worker died and another starts the answer again)', () => {
  const chunk = (text: string, id: string): StreamEvent => ({ name: 'chunk', id, data: { text } });
  const reset: StreamEvent = { name: 'reset', id: '20', data: { reason: 'again' } };
  const plan: StreamEvent = { name: 'plan', id: '11', data: { replyNode: 'n2', nodes: [{ nodeId: 'n1', capability: 'document_generation', dependsOn: [] }, { nodeId: 'n2', capability: 'chat', dependsOn: ['n1'] }] } };
  const partial: StreamEvent[] = [
    started,
    { name: 'classified', id: '10', data: { topic: 'general', language: 'en', source: 'sorter', webSearch: false, multiStep: true } },
    plan,
    { name: 'task_update', id: '12', data: { nodeId: 'n1', capability: 'document_generation', state: 'done' } },
    { name: 'sources', id: '13', data: { results: [{ n: 1, title: 'A page', url: 'https://example.com', snippet: 'text' }] } },
    { name: 'memories', id: '14', data: { used: [{ id: 'mem', category: 'preferences', key: 'k', value: 'v' }] } },
    { name: 'thinking', id: '15', data: { text: 'Hmm.' } },
    chunk('Half an ans', '16'),
  ];

  it('drops the partial text, reasoning, cards, sources and memories, and renders what follows', () => {
    let state = replay(...partial, readingStarts, reset);
    expect(state).toMatchObject({ status: 'streaming', text: '', thinking: '', thinkingMs: null, plan: null, reading: null, sources: [], memories: [], classified: null, lastEventId: '20' });
    expect(state.messageId).toBe('m');

    state = [plan, chunk('A whole answer.', '22')].reduce((s, e) => applyEvent(s, e, 0), state);
    expect(state.text).toBe('A whole answer.');
    expect(state.plan?.cards.n1?.state).toBe('pending');
  });

  it('shows a reloaded page, which replays the track from its start through the reset, the answer shown live', () => {
    const rest = [chunk('Clean.', '21')];
    const live = rest.reduce((s, e) => applyEvent(s, e, 0), replay(...partial, reset));
    expect(live.text).toBe('Clean.');
    expect(replay(...partial, reset, ...rest)).toEqual(live);
  });

  it('takes a continued answer back to the stored text it goes on from', () => {
    let state = newAnswer({ chatId: 'c', userText: 'q', modelLabel: null, now: 0, continued: { messageId: 'm', text: 'Once upon', thinking: 'Plan. ', thinkingMs: 2_000 } });
    state = [chunk(' a ti', '1'), reset, chunk(' a time.', '21')].reduce((s, e) => applyEvent(s, e, 0), state);
    expect(state).toMatchObject({ text: 'Once upon a time.', thinking: 'Plan. ', thinkingMs: 2_000 });
  });

  it('cannot reopen a finished answer', () => {
    const complete: StreamEvent = { name: 'complete', id: '17', data: { messageId: 'm', chatId: 'c', topic: 'general', language: 'en', provider: 'offline', model: 'offline', files: [], citations: [], status: 'complete' } };
    const state = replay(...partial, complete, reset);
    expect(state).toMatchObject({ status: 'complete', text: 'Half an ans' });
  });
});
