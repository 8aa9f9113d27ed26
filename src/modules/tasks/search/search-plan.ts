import type { Plan } from '../../planner/plan';

/**
 * The plan for a single-step request that routing says needs the web (the sorter's vote, the task
 * prompt's `webSearch` or the client's toggle): search with the request, then answer it from the
 * results, citing them. If the search fails, the answer step is skipped and the executor's
 * fallback answers directly, with the failed step shown.
 */
export function searchThenAnswer(language: string): Plan {
  return {
    version: 1,
    language,
    replyNode: 'n2',
    tasks: [
      { id: 'n1', capability: 'web_search', dependsOn: [], inputs: { query: '$message.text' }, params: {} },
      { id: 'n2', capability: 'chat', dependsOn: ['n1'], inputs: { text: '$message.text', context: '$n1.text' }, params: {} },
    ],
  };
}

/** The plan with the task prompt's search provider on its web_search steps that name none. */
export function useSearchProvider(plan: Plan, provider: string | null | undefined): Plan {
  if (!provider) return plan;
  const tasks = plan.tasks.map((task) => (task.capability === 'web_search' && task.params.provider === undefined ? { ...task, params: { ...task.params, provider } } : task));
  return { ...plan, tasks };
}
