import { describe, expect, it } from 'vitest';
import type { Plan } from '../../planner/plan';
import { searchThenAnswer, useSearchProvider } from './search-plan';

describe('searchThenAnswer', () => {
  it('searches with the message, then answers it from the results', () => {
    expect(searchThenAnswer('de')).toEqual({
      version: 1,
      language: 'de',
      replyNode: 'n2',
      tasks: [
        { id: 'n1', capability: 'web_search', dependsOn: [], inputs: { query: '$message.text' }, params: {} },
        { id: 'n2', capability: 'chat', dependsOn: ['n1'], inputs: { text: '$message.text', context: '$n1.text' }, params: {} },
      ],
    });
  });
});

describe('useSearchProvider', () => {
  const plan: Plan = {
    ...searchThenAnswer('en'),
    tasks: [...searchThenAnswer('en').tasks, { id: 'n3', capability: 'web_search', dependsOn: [], inputs: { query: 'x' }, params: { provider: 'searxng' } }],
  };

  it("puts the task prompt's provider on web_search steps that name none", () => {
    expect(useSearchProvider(plan, 'brave').tasks.map((t) => t.params.provider)).toEqual(['brave', undefined, 'searxng']);
  });

  it('leaves the plan alone without one', () => {
    expect(useSearchProvider(plan, null)).toBe(plan);
    expect(useSearchProvider(plan, undefined)).toBe(plan);
  });
});
