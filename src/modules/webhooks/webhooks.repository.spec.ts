import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/support/wait-for';
import { RedisSubscriber } from '../../infra/redis/redis-subscriber';
import { redisTestNodes } from '../../infra/redis/testing/redis-test-nodes';
import type { WebhookDelivery } from './webhook-delivery.entity';
import type { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhooksRepository } from './webhooks.repository';

/** The endpoints table, shared by both nodes, counting the lookups that reach it. */
class EndpointsTable {
  readonly rows = new Map<string, WebhookEndpoint>();
  lookups = 0;

  insert(endpoint: WebhookEndpoint): Promise<void> {
    this.rows.set(endpoint.id, { ...endpoint });
    return Promise.resolve();
  }

  update({ id, userId }: { id: string; userId: string }, changes: Partial<WebhookEndpoint>): Promise<void> {
    const row = this.rows.get(id);
    if (row?.userId === userId) this.rows.set(id, { ...row, ...changes });
    return Promise.resolve();
  }

  delete({ id, userId }: { id: string; userId: string }): Promise<void> {
    if (this.rows.get(id)?.userId === userId) this.rows.delete(id);
    return Promise.resolve();
  }

  findBy({ userId, active }: { userId: string; active: boolean }): Promise<WebhookEndpoint[]> {
    this.lookups++;
    return Promise.resolve([...this.rows.values()].filter((row) => row.userId === userId && row.active === active));
  }
}

// Runs against the real Redis on 127.0.0.1:6379, under a prefix of its own: two nodes, one table.
const { nodes: [redisA, redisB], dispose } = redisTestNodes();
const table = new EndpointsTable();
const subscribers = [new RedisSubscriber(redisA), new RedisSubscriber(redisB)] as const;
const node = (index: 0 | 1): WebhooksRepository =>
  new WebhooksRepository(table as unknown as Repository<WebhookEndpoint>, {} as Repository<WebhookDelivery>, [redisA, redisB][index], subscribers[index]);
const [nodeA, nodeB] = [node(0), node(1)];

afterAll(async () => {
  for (const subscriber of subscribers) await subscriber.onApplicationShutdown();
  await dispose();
});

function endpoint(userId: string): WebhookEndpoint {
  const now = new Date();
  return { id: randomUUID(), userId, url: 'https://hooks.example.com/in', description: '', events: ['message.completed'], secret: 'whsec_x', active: true, createdAt: now, updatedAt: now };
}

/**
 * What a turn ending after the change's answer has to wait for at least: another round trip, here
 * to Redis. Redis sends B the change with its answer to A, but may write A's answer first, and in
 * one process the test could read B before B's connection is read.
 */
async function aRoundTripLater(): Promise<void> {
  await redisB.app.ping();
}

/** Reads the user's active endpoints on B until B answers without a lookup: it remembers them. */
async function rememberedOnB(userId: string): Promise<WebhookEndpoint[]> {
  return waitFor(
    async () => {
      const lookups = table.lookups;
      const endpoints = await nodeB.activeEndpointsOf(userId);
      return table.lookups === lookups ? endpoints : undefined;
    },
    { timeoutMs: 5000, intervalMs: 10, what: `node B to remember the endpoints of ${userId}` },
  );
}

describe('WebhooksRepository, active endpoints', () => {
  it('remembers that a user has none, and sees one added on another node at once', async () => {
    const userId = randomUUID();
    expect(await rememberedOnB(userId)).toEqual([]);

    const added = endpoint(userId);
    await nodeA.insertEndpoint(added);

    await aRoundTripLater();
    expect((await nodeB.activeEndpointsOf(userId)).map(({ id }) => id)).toEqual([added.id]);
  });

  it("forgets a user's endpoints when one is switched off or deleted on another node, and only that user's", async () => {
    const [userId, other] = [randomUUID(), randomUUID()];
    const [first, second] = [endpoint(userId), endpoint(userId)];
    await nodeA.insertEndpoint(first);
    await nodeA.insertEndpoint(second);
    await nodeA.insertEndpoint(endpoint(other));
    expect(await rememberedOnB(userId)).toHaveLength(2);
    await rememberedOnB(other);

    await nodeA.updateEndpoint(userId, first.id, { active: false });
    await aRoundTripLater();
    expect((await nodeB.activeEndpointsOf(userId)).map(({ id }) => id)).toEqual([second.id]);
    await nodeA.deleteEndpoint(userId, second.id);
    await aRoundTripLater();
    expect(await nodeB.activeEndpointsOf(userId)).toEqual([]);

    const lookups = table.lookups;
    expect(await nodeB.activeEndpointsOf(other)).toHaveLength(1);
    expect(table.lookups).toBe(lookups);
  });
});
