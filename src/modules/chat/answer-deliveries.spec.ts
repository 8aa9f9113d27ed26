import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { redisTestNodes } from '../../infra/redis/testing/redis-test-nodes';
import { AnswerDeliveries, type FinishedTurn } from './answer-deliveries';

// Runs against the real Redis on 127.0.0.1:6379, under a prefix of its own.
const {
  nodes: [redis],
  dispose,
} = redisTestNodes();
afterAll(dispose);

const turnIn = (channel: FinishedTurn['channel']): FinishedTurn => ({
  chatId: randomUUID(),
  userId: randomUUID(),
  channel,
  messageId: randomUUID(),
  status: 'complete',
  text: 'The answer.',
  completedAt: new Date(),
});
const remembered = async (turn: FinishedTurn): Promise<boolean> => (await redis.app.exists(redis.key('answer', turn.messageId, 'delivered'))) === 1;

describe('AnswerDeliveries', () => {
  it('remembers nothing of a turn it handed to nobody, and a rerun hands it to nobody again', async () => {
    const deliveries = new AnswerDeliveries(redis);
    const observer = vi.fn(() => Promise.resolve(false));
    deliveries.observe(observer);
    const turn = turnIn('web');

    await deliveries.deliver(turn);
    expect(await remembered(turn)).toBe(false);
    await deliveries.deliverUnlessDelivered(turn);
    expect(observer).toHaveBeenCalledTimes(2);
  });

  it("remembers a turn its channel's handler took, or an observer handed on, so that a rerun does not hand it on twice", async () => {
    const deliveries = new AnswerDeliveries(redis);
    const handler = vi.fn(() => Promise.resolve());
    const observer = vi.fn((turn: FinishedTurn) => Promise.resolve(turn.channel === 'api'));
    deliveries.register('widget', handler);
    deliveries.observe(observer);

    for (const turn of [turnIn('widget'), turnIn('api')]) {
      await deliveries.deliver(turn);
      expect(await remembered(turn)).toBe(true);
      await deliveries.deliverUnlessDelivered(turn);
    }
    expect(handler).toHaveBeenCalledTimes(1);
    expect(observer).toHaveBeenCalledTimes(2);
  });

  it('counts a delivery that failed as handed on (part of it may have gone out), and never throws', async () => {
    const deliveries = new AnswerDeliveries(redis);
    deliveries.observe(() => Promise.reject(new Error('the receiver is down')));
    const turn = turnIn('web');

    await expect(deliveries.deliver(turn)).resolves.toBeUndefined();
    expect(await remembered(turn)).toBe(true);
  });
});
