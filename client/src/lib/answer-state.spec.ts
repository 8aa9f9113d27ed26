import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../api/stream-events';
import { applyEvent, FILES_NODE, newAnswer, type AnswerState } from './answer-state';

function replay(...events: StreamEvent[]): AnswerState {
  return events.reduce(
    (state, event) => applyEvent(state, event, 0),
    newAnswer({ chatId: null, userText: 'What does the contract say?', userFileIds: ['f1'], modelLabel: null, now: 0 }),
  );
}

const started: StreamEvent = { name: 'started', id: '1', data: { trackId: 't', chatId: 'c', messageId: 'm' } };
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
