import { Injectable } from '@nestjs/common';
import { KnowledgeSearch } from '../../knowledge/knowledge-search.service';
import { CapabilityError, type NodeResult, type NodeRun, type TaskCapabilityHandler } from './capability';
import { countParam, stepQuery } from './web-search.capability';

const DEFAULT_PASSAGES = 6;
const MAX_PASSAGES = 20;

/**
 * Searches the turn's documents (the chat's files, the topic's documents, the widget's site) for
 * the step's query and hands the answer step the passages as numbered sources, `[1]` …, with the
 * same numbers in the result's citations, like web_search does for pages.
 */
@Injectable()
export class RagQueryCapability implements TaskCapabilityHandler {
  readonly name = 'rag_query';
  readonly kind = 'text';

  constructor(private readonly knowledge: KnowledgeSearch) {}

  async run(run: NodeRun): Promise<NodeResult> {
    const query = stepQuery(run);
    if (run.knowledge.groups.length === 0) throw new CapabilityError('NO_DOCUMENTS', 'This conversation has no documents to search.');
    const limit = countParam(run.params.limit, DEFAULT_PASSAGES, MAX_PASSAGES);
    const { text, citations } = await this.knowledge.retrieve({ ownerUserId: run.userId, groups: run.knowledge.groups, text: query, limit, signal: run.signal });
    // The query is not repeated here: an extractive answer would quote it as the best match.
    return citations.length > 0 ? { text, citations } : { text: 'No passage of the documents matches this request.' };
  }
}
