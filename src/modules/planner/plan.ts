/**
 * What a node of a plan can do (docs/api.md, routing pipeline). The planner may only use these; the executor has one
 * capability implementation per name (unimplemented ones fail cleanly until their issue lands).
 */
export const TASK_CAPABILITIES = [
  'extract_text',
  'chat',
  'summarize',
  'translate',
  'rag_query',
  'web_search',
  'url_fetch',
  'file_analysis',
  'image_generation',
  'text2sound',
  'document_generation',
  'calendar_event',
  'compose_reply',
  'email_me',
] as const;
export type TaskCapability = (typeof TASK_CAPABILITIES)[number];

export const MAX_PLAN_NODES = 24;

/** One node of a task graph. `inputs` values reference `$message.text`, `$message.files`, `$<id>.text`, `$<id>.file`, or are literals. */
export interface PlanTask {
  id: string;
  capability: TaskCapability;
  dependsOn: string[];
  inputs: Record<string, string>;
  params: Record<string, unknown>;
}

export interface Plan {
  version: 1;
  language: string;
  replyNode: string;
  tasks: PlanTask[];
}

export interface PlanInput {
  text: string;
  language: string;
  topic: string;
  userId: string;
  files: Array<{ id: string; name: string; mime: string }>;
  signal?: AbortSignal;
}

/** `fallback`: the planner's output was unusable (reason says why) and a single chat node stands in. */
export interface PlanResult {
  plan: Plan;
  source: 'planner' | 'fallback';
  reason?: string;
}
