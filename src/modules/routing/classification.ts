import type { RoutingSettings } from '../../contracts/routing';
import type { ClassificationSource } from '../../contracts/stream-events';

/** Both travel on the wire (`classified`, `/settings/routing`): the contracts define them once. */
export type { ClassificationSource, RoutingSettings };

/** What classification decided for one inbound message (the `classified` event; docs/api.md, routing pipeline). */
export interface Classification {
  topic: string;
  /** ISO 639-1 code (`en`, `de` …). */
  language: string;
  source: ClassificationSource;
  webSearch: boolean;
  /** The sorter thinks the request needs several steps: only then is the planner asked. */
  multiStep: boolean;
  media?: 'image' | 'audio' | 'video' | 'document';
}

export interface ClassifyInput {
  text: string;
  userId: string;
  /** Widget, API or an explicit `promptTopic`: wins over everything else. */
  fixedTopic?: string;
  /** The client's web-search toggle; undefined leaves it to the task prompt / sorter. */
  webSearch?: boolean;
  /** The message's attachments: hints for `media` and multi-step detection. */
  files?: Array<{ mime: string; name?: string }>;
  signal?: AbortSignal;
}


/** The planner runs only when routing is on and the request needs several steps. */
export function needsPlan(classification: Pick<Classification, 'multiStep'>, settings: Pick<RoutingSettings, 'routingEnabled'>): boolean {
  return classification.multiStep && settings.routingEnabled;
}
