import { Injectable } from '@nestjs/common';
import type { Citation } from '../../chat/message.entity';
import type { SearchFreshness, SearchResult } from '../search/search-provider';
import { WebSearch } from '../search/web-search.service';
import { CapabilityError, type NodeResult, type NodeRun, type TaskCapabilityHandler } from './capability';

/** A query is a question, not a document: longer inputs are cut (search APIs refuse long ones anyway). */
const MAX_QUERY_CHARS = 300;
const DEFAULT_RESULTS = 5;
const FRESHNESS: ReadonlySet<string> = new Set<SearchFreshness>(['day', 'week', 'month', 'year']);

/**
 * Searches the web with the configured provider (or the one the step's `provider` param names) and
 * hands the answer step the results as numbered sources, `[1]` …, with the same numbers in the
 * result's citations, which the pipeline shows with the answer.
 */
@Injectable()
export class WebSearchCapability implements TaskCapabilityHandler {
  readonly name = 'web_search';
  readonly kind = 'text';

  constructor(private readonly web: WebSearch) {}

  async run(run: NodeRun): Promise<NodeResult> {
    const query = stepQuery(run);
    const provider = this.web.provider(typeof run.params.provider === 'string' ? run.params.provider : undefined);
    const limit = countParam(run.params.limit, DEFAULT_RESULTS);
    const freshness = typeof run.params.freshness === 'string' && FRESHNESS.has(run.params.freshness) ? (run.params.freshness as SearchFreshness) : undefined;
    const results = await provider.search(query, { language: run.language, limit, freshness, signal: run.signal });
    const citations = results.map((result, i) => citationOf(result, i + 1));
    return { text: describeResults(query, provider.name, results), citations };
  }
}

/** What a search step (web_search, rag_query) looks for: its `query` input, else its text, else the request; NO_INPUT when empty. */
export function stepQuery(run: NodeRun): string {
  const query = searchQuery(run.inputs.values.query ?? (run.inputs.text || run.request));
  if (!query) throw new CapabilityError('NO_INPUT', 'There is nothing to search for.');
  return query;
}

/** A count the planner gave a step (its JSON may hold anything): a whole number from 1 to `max`, else `fallback`. */
export function countParam(value: unknown, fallback: number, max = Number.POSITIVE_INFINITY): number {
  return typeof value === 'number' && value >= 1 ? Math.min(max, Math.floor(value)) : fallback;
}

/** The step's input as one line of bounded length. */
export function searchQuery(input: string): string {
  return input.slice(0, MAX_QUERY_CHARS * 4).replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_CHARS).trim();
}

function citationOf(result: SearchResult, n: number): Citation {
  return { n, url: result.url, title: result.title, snippet: result.snippet };
}

/**
 * The results as the answer step reads them: a header the offline provider recognises as the start
 * of material, then one numbered source per line, so whoever writes the answer can cite `[n]`.
 */
export function describeResults(query: string, provider: string, results: readonly SearchResult[]): string {
  if (results.length === 0) return `Web search (${provider}) found no results for "${query}".`;
  const lines = results.map((result, i) => {
    const date = result.publishedAt ? ` (${result.publishedAt.slice(0, 10)})` : '';
    return `[${i + 1}] ${result.title}${date}: ${result.snippet || 'no excerpt'} <${result.url}>`;
  });
  // The query is not repeated here: an extractive answer would quote this line as the best match.
  return `Web search results from ${provider} (cite the ones you use as [n]):\n${lines.join('\n')}`;
}
