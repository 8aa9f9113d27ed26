import { describe, expect, it } from 'vitest';
import type { KnowledgeSearch, RetrievalQuery } from '../../knowledge/knowledge-search.service';
import { CapabilityError } from './capability';
import { RagQueryCapability } from './rag-query.capability';
import { recordedNodeRun } from './testing/node-run';

const GROUPS = [{ kind: 'chat' as const, id: 'chat-1' }];
const CITATION = { n: 1, fileId: 'f1', title: 'handbook.pdf', snippet: 'Refunds within 14 days.', page: 3 };

/** KnowledgeSearch that records its queries and finds one passage (or none). */
function knowledge(found: boolean): KnowledgeSearch & { queries: RetrievalQuery[] } {
  const queries: RetrievalQuery[] = [];
  return {
    queries,
    retrieve: (query: RetrievalQuery) => {
      queries.push(query);
      return Promise.resolve(found ? { text: '[1] handbook.pdf, page 3: Refunds within 14 days.', citations: [CITATION] } : { text: '', citations: [] });
    },
  } as unknown as KnowledgeSearch & { queries: RetrievalQuery[] };
}

describe('RagQueryCapability', () => {
  it('searches the turn’s groups for the step’s query and hands on the numbered passages and their citations', async () => {
    const search = knowledge(true);
    const run = recordedNodeRun({ request: 'How soon are refunds paid?', inputs: { text: '', values: { query: '  refunds\n paid ' }, files: [], fromSteps: false }, params: { limit: 500 }, knowledge: { groups: GROUPS, material: '', guidance: '' } });

    const result = await new RagQueryCapability(search).run(run);

    expect(search.queries).toEqual([expect.objectContaining({ ownerUserId: 'user-1', groups: GROUPS, text: 'refunds paid', limit: 20 })]);
    expect(result).toEqual({ text: '[1] handbook.pdf, page 3: Refunds within 14 days.', citations: [CITATION] });
  });

  it('says so when nothing matches, without citations', async () => {
    const run = recordedNodeRun({ request: 'Anything about llamas?', inputs: { text: '', values: {}, files: [], fromSteps: false }, knowledge: { groups: GROUPS, material: '', guidance: '' } });
    expect(await new RagQueryCapability(knowledge(false)).run(run)).toEqual({ text: 'No passage of the documents matches this request.' });
  });

  it('fails NO_DOCUMENTS with nowhere to search, and NO_INPUT with nothing to search for', async () => {
    const none = recordedNodeRun({ request: 'Refunds?', inputs: { text: '', values: {}, files: [], fromSteps: false } });
    const empty = recordedNodeRun({ request: '  ', inputs: { text: '', values: {}, files: [], fromSteps: false }, knowledge: { groups: GROUPS, material: '', guidance: '' } });
    await expect(new RagQueryCapability(knowledge(true)).run(none)).rejects.toMatchObject({ code: 'NO_DOCUMENTS' });
    const error = await new RagQueryCapability(knowledge(true)).run(empty).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapabilityError);
    expect(error).toMatchObject({ code: 'NO_INPUT' });
  });
});
