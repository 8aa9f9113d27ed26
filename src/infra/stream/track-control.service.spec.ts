import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/support/wait-for';
import { RedisSubscriber } from '../redis/redis-subscriber';
import { redisTestNodes } from '../redis/testing/redis-test-nodes';
import { trackKey } from './track-key';
import { TrackControlService, TurnAbandoned, type WatchedTrack } from './track-control.service';

// Runs against the real Redis on 127.0.0.1:6379, under a prefix of its own. Two "nodes": the
// worker watching its track, and the web node receiving the stop request.
const { nodes: [workerClients, webClients], dispose } = redisTestNodes();
const workerSubscriber = new RedisSubscriber(workerClients);
const webSubscriber = new RedisSubscriber(webClients);
const worker = new TrackControlService(workerClients, workerSubscriber);
const web = new TrackControlService(webClients, webSubscriber);

/** A watch of `trackId` once it knows what was announced before it began. */
async function watching(trackId: string): Promise<WatchedTrack> {
  const watch = worker.watch(trackId);
  await watch.storedLongBefore;
  return watch;
}

function aborted(signal: AbortSignal): Promise<boolean> {
  return waitFor(() => signal.aborted, { timeoutMs: 5000, what: 'the signal to abort' });
}

afterAll(async () => {
  await workerSubscriber.onApplicationShutdown();
  await webSubscriber.onApplicationShutdown();
  await dispose();
});

describe('TrackControlService', () => {
  it('aborts the watched track when another node requests a stop', async () => {
    const trackId = randomUUID();
    const watch = await watching(trackId);
    expect(watch.signal.aborted).toBe(false);

    await web.requestStop(trackId);

    await aborted(watch.signal);
    watch.release();
  });

  it('aborts at once when the stop was requested before watching', async () => {
    const trackId = randomUUID();
    await web.requestStop(trackId);

    const watch = await watching(trackId);

    expect(watch.signal.aborted).toBe(true);
    watch.release();
  });

  it('leaves other tracks running', async () => {
    const stopped = randomUUID();
    const running = randomUUID();
    const watchStopped = await watching(stopped);
    const watchRunning = await watching(running);

    await web.requestStop(stopped);
    await aborted(watchStopped.signal);

    // Both listeners got the same broadcast on the same connection, at the same time.
    expect(watchRunning.signal.aborted).toBe(false);
    watchStopped.release();
    watchRunning.release();
  });

  it('stops listening after release', async () => {
    const trackId = randomUUID();
    const released = await watching(trackId);
    const still = await watching(trackId);

    released.release();
    await web.requestStop(trackId);
    await aborted(still.signal);

    // The broadcast reached this process's listeners together: the released one is deaf to it.
    expect(released.signal.aborted).toBe(false);
    still.release();
  });

  it('remembers a stop request for an hour at most', async () => {
    const trackId = randomUUID();

    await web.requestStop(trackId);

    const ttl = await webClients.app.ttl(trackKey(webClients, trackId, 'stop'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3600);
  });

  it("resolves `stored` when the web node announces the turn's commit, before or after the worker watches", async () => {
    const later = randomUUID();
    const watchLater = await watching(later);
    let storedLater = false;
    void watchLater.stored.then(() => (storedLater = true));
    expect(storedLater).toBe(false);
    await web.announceStored(later);
    await waitFor(() => storedLater, { timeoutMs: 5000, what: 'the commit to be heard' });
    await expect(watchLater.storedLongBefore).resolves.toBe(false);

    // Committed a moment before the watch: as fresh as a turn still committing.
    const earlier = randomUUID();
    await web.announceStored(earlier);
    const watchEarlier = await watching(earlier);
    await expect(watchEarlier.stored).resolves.toBeUndefined();
    await expect(watchEarlier.storedLongBefore).resolves.toBe(false);

    // Committed long before (its key has lived five seconds of its hour): its job waited, and the turn may have changed.
    const longBefore = randomUUID();
    await webClients.app.set(trackKey(webClients, longBefore, 'stored'), '1', 'PX', 3600_000 - 5000);
    const watchLongBefore = await watching(longBefore);
    await expect(watchLongBefore.stored).resolves.toBeUndefined();
    await expect(watchLongBefore.storedLongBefore).resolves.toBe(true);

    // A commit is not a stop, and a stop is not a commit.
    expect(watchLater.signal.aborted || watchEarlier.signal.aborted || watchLongBefore.signal.aborted).toBe(false);
    const stopped = randomUUID();
    await web.requestStop(stopped);
    const watchStopped = await watching(stopped);
    let storedStopped = false;
    void watchStopped.stored.then(() => (storedStopped = true));
    await Promise.resolve();
    expect([watchStopped.signal.aborted, storedStopped]).toEqual([true, false]);
    for (const watch of [watchLater, watchEarlier, watchStopped]) watch.release();
  });

  it('rejects `stored` with TurnAbandoned when the web node gives the turn up, before or after the worker watches', async () => {
    const later = randomUUID();
    const watchLater = await watching(later);
    const abandonedLater = expect(watchLater.stored).rejects.toBeInstanceOf(TurnAbandoned);
    await web.announceAbandoned(later);
    await abandonedLater;

    const earlier = randomUUID();
    await web.announceAbandoned(earlier);
    const watchEarlier = await watching(earlier);
    await expect(watchEarlier.stored).rejects.toBeInstanceOf(TurnAbandoned);
    watchLater.release();
    watchEarlier.release();
  });
});
