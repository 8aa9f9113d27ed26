import { describe, expect, it } from 'vitest';
import type { JobQueueService } from '../../infra/queue/job-queue.service';
import type { TrackControlService } from '../../infra/stream/track-control.service';
import type { AiService } from '../ai/ai.service';
import type { FilesService } from '../files/files.service';
import type { UserChannel } from '../realtime/user-channel.service';
import type { AnswerStream } from './answer-stream';
import type { Chat } from './chat.entity';
import type { ChatService } from './chat.service';
import type { ChatsRepository } from './chats.repository';
import type { GenerationSlots } from './generation-slots.service';
import { MessagesRepository } from './messages.repository';
import { SendMessageService, type AnswerLaunch } from './send-message.service';
import type { TrackRegistry } from './track-registry';

const USER = 'user-1';
const chat = { id: 'c1', userId: USER, title: 'Hi', channel: 'web' } as Chat;
const inbound = MessagesRepository.newMessage({ chatId: 'c1', userId: USER, role: 'user', text: 'Hi', status: 'complete', createdAt: new Date(1_000) });
const answer = MessagesRepository.newMessage({ chatId: 'c1', userId: USER, role: 'assistant', text: '', status: 'pending', trackId: 't1', replyToId: inbound.id, createdAt: new Date(1_001) });
const launch: AnswerLaunch = { userId: USER, chat, inbound, answer, newChat: true, write: () => Promise.resolve(), options: { modelId: null, webSearch: null, promptTopic: null } };

/** The service over stand-ins that record, in order, what reached the track and the queue; `started` is stored when the test says. */
function setup() {
  const order: string[] = [];
  let storeStarted!: () => void;
  const startedStored = new Promise<void>((resolve) => (storeStarted = resolve));
  const stream = {
    publish: async (_trackId: string, event: string) => {
      await startedStored;
      order.push(`track: ${event}`);
      return '1-0';
    },
  } as unknown as AnswerStream;
  const jobs = {
    enqueue: ({ name }: { name: string }) => {
      order.push(`queue: ${name}`);
      return Promise.resolve();
    },
  } as unknown as JobQueueService;
  const service = new SendMessageService(
    {} as ChatService,
    { touch: () => Promise.resolve() } as unknown as ChatsRepository,
    {} as MessagesRepository,
    {} as FilesService,
    { register: () => Promise.resolve() } as unknown as TrackRegistry,
    stream,
    jobs,
    {} as AiService,
    { announceStored: () => Promise.resolve(), announceAbandoned: () => Promise.resolve() } as unknown as TrackControlService,
    { acquire: () => Promise.resolve(), release: () => Promise.resolve() } as unknown as GenerationSlots,
    { notify: () => undefined } as unknown as UserChannel,
  );
  return { service, order, storeStarted };
}

describe('SendMessageService.launch', () => {
  it('queues the job only once `started` is on the track, so no worker event can come before it', async () => {
    const { service, order, storeStarted } = setup();
    const launched = service.launch(launch);
    // Everything else the launch waits for is done by now; the track has not taken `started` yet.
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    storeStarted();
    await expect(launched).resolves.toMatchObject({ trackId: 't1', messageId: answer.id });
    expect(order).toEqual(['track: started', 'queue: chat.process-message']);
  });
});
