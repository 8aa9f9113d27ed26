import { describe, expect, it } from 'vitest';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { codeOf } from '../../common/testing/rejection-of';
import type { AnswerLaunch, SendMessageService, StartedAnswer } from './send-message.service';
import type { Channel, Chat } from './chat.entity';
import type { ChatService } from './chat.service';
import { ChatActionsService } from './chat-actions.service';
import type { Message } from './message.entity';
import { MessagesRepository } from './messages.repository';

const USER = 'user-1';
const question = MessagesRepository.newMessage({ id: 'q1', chatId: 'c1', userId: USER, role: 'user', text: 'Tell me a story.', status: 'complete', createdAt: new Date(1_000) });
const answer = (changes: Partial<Message> = {}): Message =>
  MessagesRepository.newMessage({ id: 'a1', chatId: 'c1', userId: USER, role: 'assistant', text: 'Once', status: 'complete', replyToId: 'q1', provider: 'openai', model: 'gpt-x', topic: 'general', createdAt: new Date(1_001), ...changes });

/** The service over in-memory stand-ins: one chat on `channel` holding `messages`; launches are recorded, not run. */
function setup({ channel = 'web', messages = [question, answer()], unfinished = [], unavailable = [] }: { channel?: Channel; messages?: Message[]; unfinished?: string[]; unavailable?: string[] } = {}) {
  const launches: AnswerLaunch[] = [];
  const chats = { findOwned: (userId: string, id: string) => Promise.resolve({ id, userId, channel } as Chat) } as unknown as ChatService;
  const repository = {
    findOwned: (userId: string, id: string) => Promise.resolve(messages.find((m) => m.id === id && m.userId === userId) ?? null),
    latestQuestion: () => Promise.resolve(messages.findLast((m) => m.role === 'user') ?? null),
    unfinishedTracks: () => Promise.resolve(unfinished),
  } as unknown as MessagesRepository;
  const sender = {
    checkModel: (_userId: string, modelId: string) =>
      unavailable.includes(modelId) ? Promise.reject(new AppException(ErrorCode.ModelNotAvailable, 'gone')) : Promise.resolve(),
    launch: (launch: AnswerLaunch): Promise<StartedAnswer> => {
      launches.push(launch);
      return Promise.resolve({ trackId: launch.answer.trackId ?? '', chatId: launch.chat.id, userMessageId: launch.inbound.id, messageId: launch.answer.id });
    },
  } as unknown as SendMessageService;
  return { service: new ChatActionsService(chats, repository, sender), launches };
}

describe('ChatActionsService', () => {
  it('answers again as a new pending version of the answer to the same question, with the model asked for', async () => {
    const { service, launches } = setup();
    const started = await service.regenerate(USER, 'a1', { modelId: 'openai:gpt-y' });
    const launch = launches[0];
    expect(launch?.answer).toMatchObject({ role: 'assistant', status: 'pending', replyToId: 'q1', text: '' });
    expect(launch?.answer.id).not.toBe('a1');
    expect(launch?.options).toEqual({ modelId: 'openai:gpt-y', webSearch: null, promptTopic: null });
    expect(started.messageId).toBe(launch?.answer.id);
  });

  it('answers again and anew in the time zone the client sends, as a sent message would be', async () => {
    const { service, launches } = setup();
    await service.regenerate(USER, 'a1', { timeZone: 'Europe/Berlin' });
    await service.editAndResend(USER, 'q1', { message: 'Put a call tomorrow at 10 in my calendar', timeZone: 'Asia/Tokyo' });
    expect(launches.map((launch) => launch.options.timeZone)).toEqual(['Europe/Berlin', 'Asia/Tokyo']);
  });

  it('continues a cut-off answer in place, with the model that wrote it, no search, its topic', async () => {
    const { service, launches } = setup({ messages: [question, answer({ truncated: true })] });
    await service.continue(USER, 'a1');
    expect(launches[0]).toMatchObject({ continuation: true, answer: { id: 'a1', status: 'pending' }, options: { modelId: 'openai:gpt-x', webSearch: false, promptTopic: 'general' } });
  });

  it('continues with the bound model when the one that wrote the answer is gone', async () => {
    const { service, launches } = setup({ messages: [question, answer({ status: 'stopped' })], unavailable: ['openai:gpt-x'] });
    await service.continue(USER, 'a1');
    expect(launches[0]?.options.modelId).toBeNull();
  });

  it('has nothing to continue in a whole answer, a failed one, or a stopped one without text', async () => {
    for (const changes of [{}, { status: 'failed' as const, truncated: true }, { status: 'stopped' as const, text: '' }]) {
      const { service } = setup({ messages: [question, answer(changes)] });
      expect(await codeOf(service.continue(USER, 'a1'))).toBe(ErrorCode.NothingToContinue);
    }
  });

  it("acts only on the user's own conversations, on the latest turn, and not while an answer is written", async () => {
    expect(await codeOf(setup({ channel: 'widget' }).service.regenerate(USER, 'a1', {}))).toBe(ErrorCode.Forbidden);
    expect(await codeOf(setup({ channel: 'whatsapp' }).service.editAndResend(USER, 'q1', { message: 'x' }))).toBe(ErrorCode.Forbidden);
    const later = MessagesRepository.newMessage({ id: 'q2', chatId: 'c1', userId: USER, role: 'user', text: 'And then?', status: 'complete', createdAt: new Date(2_000) });
    expect(await codeOf(setup({ messages: [question, answer(), later] }).service.regenerate(USER, 'a1', {}))).toBe(ErrorCode.NotLatestTurn);
    expect(await codeOf(setup({ messages: [question, answer({ supersededAt: new Date() })] }).service.regenerate(USER, 'a1', {}))).toBe(ErrorCode.NotLatestTurn);
    expect(await codeOf(setup({ unfinished: ['t1'] }).service.editAndResend(USER, 'q1', { message: 'x' }))).toBe(ErrorCode.AnswerInProgress);
    expect(await codeOf(setup().service.regenerate('someone-else', 'a1', {}))).toBe(ErrorCode.NotFound);
  });
});
