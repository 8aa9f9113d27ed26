import { describe, expect, it } from 'vitest';
import type { JobQueueService } from '../../infra/queue/job-queue.service';
import type { RedisConnection } from '../../infra/redis/redis.clients';
import type { VectorStore } from '../../infra/vector-store/vector-store';
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

/** The connection the queue hands to what must be written before its job. */
const QUEUE_CONNECTION = {} as RedisConnection;

/** The service over stand-ins that record, in order, what reached the track and the queue. */
function setup() {
  const order: string[] = [];
  const stream = {
    publish: (_trackId: string, event: string, _data: unknown, connection?: RedisConnection) => {
      order.push(`track: ${event}${connection === QUEUE_CONNECTION ? ' (on the queue connection)' : ''}`);
      return Promise.resolve('1-0');
    },
    listenAhead: () => {
      order.push('track: listening');
      return Promise.resolve(() => void order.push('track: listening handed over'));
    },
  } as unknown as AnswerStream;
  const jobs = {
    enqueueAfter: async (first: (connection: RedisConnection) => Promise<unknown>, { name }: { name: string }) => {
      const written = first(QUEUE_CONNECTION);
      order.push(`queue: ${name}`);
      await written;
      return 't1';
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
    {
      announceStored: () => Promise.resolve(),
      announceAbandoned: () => Promise.resolve(void order.push('control: abandoned')),
    } as unknown as TrackControlService,
    { acquire: () => Promise.resolve(), release: () => Promise.resolve(void order.push('slot: given back')) } as unknown as GenerationSlots,
    { notify: (_userId: string, event: string) => void order.push(`tabs: ${event}`) } as unknown as UserChannel,
    { hasChunks: () => Promise.resolve(false) } as unknown as VectorStore,
  );
  return { service, order };
}

describe('SendMessageService.launch', () => {
  it('announces `started` ahead of the job, on the queue connection, so no worker event can come before it', async () => {
    const { service, order } = setup();
    await expect(service.launch(launch)).resolves.toMatchObject({ trackId: 't1', messageId: answer.id });
    expect(order.filter((step) => step.startsWith('track: started') || step.startsWith('queue'))).toEqual(['track: started (on the queue connection)', 'queue: chat.process-message']);
  });

  it('subscribes to the track during the launch and hands the subscription over after the caller could follow', async () => {
    const { service, order } = setup();
    await service.launch(launch);
    // The caller's continuation (its follow) runs before the subscription is let go.
    order.push('caller: follows');
    await new Promise((resolve) => setImmediate(resolve));
    expect(order.filter((step) => step.startsWith('track: listening') || step.startsWith('caller'))).toEqual(['track: listening', 'caller: follows', 'track: listening handed over']);
  });

  it('queues the answer without waiting for the commit (launchQueued); `stored` settles with it, and only then are the tabs told', async () => {
    const { service, order } = setup();
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    const { started, stored } = await service.launchQueued({ ...launch, write: () => committed });
    expect(started).toMatchObject({ trackId: 't1', messageId: answer.id });
    expect(order).toContain('queue: chat.process-message');
    expect(order.filter((step) => step.startsWith('tabs'))).toEqual([]);
    commit();
    await stored;
    expect(order.filter((step) => step.startsWith('tabs'))).toEqual(['tabs: chat.created', 'tabs: message.started']);
  });

  it('undoes a launch whose commit fails: `stored` rejects, the slot goes back and the worker is told to drop the turn', async () => {
    const { service, order } = setup();
    const { stored } = await service.launchQueued({ ...launch, write: () => Promise.reject(new Error('database gone')) });
    await expect(stored).rejects.toThrow('database gone');
    expect(order).toEqual(expect.arrayContaining(['slot: given back', 'control: abandoned']));
    expect(order.filter((step) => step.startsWith('tabs'))).toEqual([]);
    await expect(service.launch({ ...launch, write: () => Promise.reject(new Error('database gone')) })).rejects.toThrow('database gone');
  });
});
