import { describe, expect, it } from 'vitest';
import type { FileDto } from '../files/dto/file.dto';
import type { PlanTask } from '../planner/plan';
import type { NodeResult } from './capabilities/capability';
import { resolveInputs, type MessageInputs } from './input-resolver';

function fileOf(id: string): FileDto {
  return { id, name: `${id}.txt`, mime: 'text/plain', size: 1, state: 'uploaded', url: `/api/v1/files/${id}/content` };
}

function taskWith(inputs: Record<string, string>): PlanTask {
  return { id: 'x', capability: 'compose_reply', dependsOn: [], inputs, params: {} };
}

const MESSAGE: MessageInputs = { text: 'Summarize the attachment', files: [fileOf('up-1'), fileOf('up-2')] };

const RESULTS: ReadonlyMap<string, NodeResult> = new Map<string, NodeResult>([
  ['n1', { text: 'first result' }],
  ['n2', { text: 'second result', file: fileOf('gen-2') }],
  ['media', { file: fileOf('gen-3') }],
]);

describe('resolveInputs', () => {
  it('resolves $message.text into a value and the joined text', () => {
    expect(resolveInputs(taskWith({ request: '$message.text' }), MESSAGE, RESULTS)).toEqual({
      text: 'Summarize the attachment',
      values: { request: 'Summarize the attachment' },
      files: [],
      fromSteps: false,
    });
  });

  it('resolves $message.files (and $message.file) to the attachments, not to a value', () => {
    for (const reference of ['$message.files', '$message.file']) {
      expect(resolveInputs(taskWith({ attachments: reference }), MESSAGE, RESULTS)).toEqual({ text: '', values: {}, files: MESSAGE.files, fromSteps: false });
    }
  });

  it('resolves $<node>.text and $<node>.file to that node results and marks the inputs as from steps', () => {
    const inputs = resolveInputs(taskWith({ summary: '$n1.text', audio: '$n2.file', image: '$media.files' }), MESSAGE, RESULTS);

    expect(inputs).toEqual({ text: 'first result', values: { summary: 'first result' }, files: [fileOf('gen-2'), fileOf('gen-3')], fromSteps: true });
  });

  it('joins every text input in declaration order, with a blank line between', () => {
    const inputs = resolveInputs(taskWith({ b: '$n2.text', request: '$message.text', a: '$n1.text' }), MESSAGE, RESULTS);

    expect(inputs.text).toBe('second result\n\nSummarize the attachment\n\nfirst result');
    expect(Object.keys(inputs.values)).toEqual(['b', 'request', 'a']);
  });

  it('keeps literals as values, out of the text', () => {
    const inputs = resolveInputs(
      taskWith({ targetLanguage: 'de', price: 'What does $5 buy?', unknownField: '$message.body', path: '$n1.text.extra', request: '$message.text' }),
      MESSAGE,
      RESULTS,
    );

    expect(inputs.values).toEqual({
      targetLanguage: 'de',
      price: 'What does $5 buy?',
      unknownField: '$message.body',
      path: '$n1.text.extra',
      request: 'Summarize the attachment',
    });
    expect(inputs.text).toBe('Summarize the attachment');
    expect(inputs.fromSteps).toBe(false);
  });

  it('accepts references with surrounding whitespace', () => {
    const inputs = resolveInputs(taskWith({ summary: '  $n1.text\n', request: ' $message.text ' }), MESSAGE, RESULTS);

    expect(inputs.values).toEqual({ summary: 'first result', request: 'Summarize the attachment' });
  });

  it('leaves out references to missing results, and to fields the result does not have', () => {
    const inputs = resolveInputs(taskWith({ gone: '$n9.text', noFile: '$n1.file', noText: '$media.text', lost: '$n9.file' }), MESSAGE, RESULTS);

    expect(inputs).toEqual({ text: '', values: {}, files: [], fromSteps: true });
  });

  it('resolves nothing for a task without inputs', () => {
    expect(resolveInputs(taskWith({}), MESSAGE, RESULTS)).toEqual({ text: '', values: {}, files: [], fromSteps: false });
  });

  it('treats a step that produced an empty text as a text input', () => {
    const inputs = resolveInputs(taskWith({ empty: '$blank.text' }), MESSAGE, new Map([['blank', { text: '' }]]));

    expect(inputs.values).toEqual({ empty: '' });
    expect(inputs.fromSteps).toBe(true);
  });
});
