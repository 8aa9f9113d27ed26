import type { NewTaskPrompt, TaskPrompt } from '../../../api/prompts';

export interface PromptForm {
  topic: string;
  description: string;
  selectionRules: string[];
  enabled: boolean;
  webSearch: boolean | null;
  model: string | null;
  prompt: string;
  scope: 'system' | 'user';
}

export const TOPIC_PATTERN = /^[a-z0-9][a-z0-9_-]{1,63}$/;

export function formOf(prompt: TaskPrompt | undefined, isAdmin: boolean): PromptForm {
  return {
    topic: prompt?.topic ?? '',
    description: prompt?.description ?? '',
    selectionRules: prompt?.selectionRules ?? [],
    enabled: prompt?.enabled ?? true,
    webSearch: prompt?.settings.webSearch ?? null,
    model: prompt?.settings.model ?? null,
    prompt: prompt?.prompt ?? '',
    scope: prompt?.scope ?? (isAdmin ? 'system' : 'user'),
  };
}

export function sameForm(a: PromptForm, b: PromptForm): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function formErrors(form: PromptForm, creating: boolean): { topic?: string; prompt?: string } {
  return {
    topic: creating && !TOPIC_PATTERN.test(form.topic) ? 'Use 2–64 lower-case letters, digits, “-” or “_”, starting with a letter or digit' : undefined,
    prompt: form.prompt.trim() ? undefined : 'Write the instructions for this topic',
  };
}

export function toFields(form: PromptForm): Omit<NewTaskPrompt, 'topic' | 'scope'> {
  return {
    description: form.description.trim(),
    prompt: form.prompt,
    selectionRules: form.selectionRules,
    enabled: form.enabled,
    settings: { webSearch: form.webSearch, model: form.model },
  };
}
