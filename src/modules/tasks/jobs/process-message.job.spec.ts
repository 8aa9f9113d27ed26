import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { JobName, JobPayload } from '../../../infra/queue/jobs';
import type { MessagePipeline } from '../message-pipeline.service';
import { ProcessMessageJob } from './process-message.job';

type Payload = JobPayload<JobName.ProcessMessage>;

/** A pipeline that records how it was asked to answer or give up. */
type Call = ['process', boolean] | ['abandon'] | ['supersede', string];

function recordingPipeline(): { pipeline: MessagePipeline; calls: Call[] } {
  const calls: Call[] = [];
  const pipeline = {
    process: (_payload: Payload, rerun: boolean) => {
      calls.push(['process', rerun]);
      return Promise.resolve();
    },
    abandon: () => {
      calls.push(['abandon']);
      return Promise.resolve();
    },
    supersede: (trackId: string) => void calls.push(['supersede', trackId]),
  } as unknown as MessagePipeline;
  return { pipeline, calls };
}

const PAYLOAD = { trackId: 't', messageId: 'm' } as unknown as Payload;
const job = (fields: Partial<Job<Payload>>): Job<Payload> => ({ attemptsMade: 0, stalledCounter: 0, deferredFailure: undefined, ...fields }) as unknown as Job<Payload>;

describe('ProcessMessageJob', () => {
  it('answers a first run as new, and a stalled job (its worker died) as a rerun', async () => {
    const { pipeline, calls } = recordingPipeline();
    const handler = new ProcessMessageJob(pipeline);

    await handler.handle(PAYLOAD, job({}));
    await handler.handle(PAYLOAD, job({ stalledCounter: 1 }));

    expect(calls).toEqual([
      ['process', false],
      ['process', true],
    ]);
  });

  it('gives the answer up only when BullMQ failed the job without running it (stalled too often)', async () => {
    const { pipeline, calls } = recordingPipeline();
    const handler = new ProcessMessageJob(pipeline);

    // A failure the pipeline itself saw has been told on the track already.
    await handler.failed(PAYLOAD, job({ stalledCounter: 1 }));
    expect(calls).toEqual([]);

    await handler.failed(PAYLOAD, job({ stalledCounter: 2, deferredFailure: 'job stalled more than allowable limit' }));
    expect(calls).toEqual([['abandon']]);
  });

  it('stops the answer being made here when this worker lost the lock on its job', () => {
    const { pipeline, calls } = recordingPipeline();

    new ProcessMessageJob(pipeline).lockLost(PAYLOAD);

    expect(calls).toEqual([['supersede', 't']]);
  });
});
