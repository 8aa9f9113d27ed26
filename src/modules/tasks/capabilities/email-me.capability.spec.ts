import { describe, expect, it, vi } from 'vitest';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import type { ResultMailer } from '../../channels/email/result-mailer';
import { ResultNotMailedError } from '../../channels/email/result-mailer';
import type { ChatService } from '../../chat/chat.service';
import type { FilesService } from '../../files/files.service';
import type { FileDto } from '../../files/dto/file.dto';
import { planHeuristically } from '../../planner/heuristic-planner';
import type { Plan } from '../../planner/plan';
import { validatePlan } from '../../planner/plan-validator';
import { CapabilityError, type NodeRun } from './capability';
import { EmailMeCapability } from './email-me.capability';
import { NO_KNOWLEDGE } from './capability';

const MATERIAL = 'The city council met on Monday. It approved the new harbour budget. Work starts in spring.';

/** `capability<dep,dep>` per node. */
function shape(plan: Plan): string[] {
  const capabilityOf = (id: string): string => plan.tasks.find((t) => t.id === id)?.capability ?? '?';
  return plan.tasks.map((t) => `${t.capability}${t.dependsOn.length ? `<${t.dependsOn.map(capabilityOf).join(',')}>` : ''}`);
}

function plan(text: string, language: string): Plan {
  const result = planHeuristically({ text, language, files: [] });
  const checked = validatePlan(result);
  if (!checked.ok) throw new Error(`invalid heuristic plan: ${checked.errors.join('; ')}`);
  return result;
}

describe('planning email_me (offline planner)', () => {
  it.each([
    ['en', `Summarize this and mail it to me: ${MATERIAL}`],
    ['en', `Please give me the key points and email them to me. ${MATERIAL}`],
    ['en', `Summarize the following and send it to me by e-mail: ${MATERIAL}`],
    ['de', `Fasse den Text zusammen und schick es mir per Mail: ${MATERIAL}`],
    ['de', `Fasse das zusammen und sende mir das Ergebnis per E-Mail: ${MATERIAL}`],
    ['fr', `Résume ce texte et envoie-le moi par e-mail : ${MATERIAL}`],
    ['es', `Resume este texto y mándamelo por correo: ${MATERIAL}`],
    ['it', `Riassumi questo testo e inviamelo per email: ${MATERIAL}`],
  ])('mails a summary (%s): %s', (language, text) => {
    const result = plan(text, language);

    expect(shape(result)).toEqual(['summarize', 'email_me<summarize>', 'compose_reply<email_me,summarize>']);
    expect(result.tasks[1]?.inputs).toEqual({ n1: '$n1.text' });
    expect(result.replyNode).toBe('n3');
  });

  it.each([
    ['en', 'Write a short poem about autumn and email it to me'],
    ['de', 'Schreib ein kurzes Gedicht über den Herbst und maile es mir'],
    ['fr', 'Écris un petit poème sur l’automne et envoie-le-moi par mail'],
    ['es', 'Escribe un poema corto sobre el otoño y envíamelo por correo electrónico'],
  ])('writes first when there is nothing to mail yet (%s)', (language, text) => {
    expect(shape(plan(text, language))).toEqual(['chat', 'email_me<chat>', 'compose_reply<email_me,chat>']);
  });

  it('mails the files it made, with the text they were made from', () => {
    const result = plan('Create a PDF report about the harbour and mail it to me', 'en');

    expect(shape(result)).toEqual(['chat', 'document_generation<chat>', 'email_me<chat,document_generation>', 'compose_reply<email_me,chat>']);
    expect(result.tasks[2]?.inputs).toEqual({ n1: '$n1.text', n2: '$n2.file' });
    expect(shape(plan('Draw a cat in the snow and e-mail it to me', 'en'))).toEqual(['image_generation', 'email_me<image_generation>', 'compose_reply<email_me>']);
  });

  it.each([
    'Write an email to my boss asking for a day off',
    'Add this line to my email signature',
    'Schreib eine E-Mail an Herrn Müller wegen der Rechnung',
    'Réponds à mon mail d’hier',
    'Escribe un correo a mi jefe',
    'Responde a mi correo de ayer',
    'What is email marketing?',
    'Explain mail merge in Word',
  ])('leaves writing about mail alone: %s', (text) => {
    expect(plan(text, 'en').tasks.map((task) => task.capability)).not.toContain('email_me');
  });
});

describe('EmailMeCapability', () => {
  const pdf: FileDto = { id: 'f1', name: 'report.pdf', mime: 'application/pdf', size: 4, state: 'uploaded', url: '/api/v1/files/f1/content' };
  const run = (overrides: Partial<NodeRun> = {}): NodeRun => ({
    nodeId: 'n3',
    userId: 'u1',
    messageId: 'm1',
    language: 'en',
    request: 'Summarize this and mail it to me',
    taskPrompt: null,
    modelId: null,
    history: [],
    summary: null,
    knowledge: NO_KNOWLEDGE,
    inputs: { text: 'The summary.', values: { n1: 'The summary.' }, files: [pdf], fromSteps: true },
    params: { to: 'attacker@example.net' },
    signal: new AbortController().signal,
    emitText: () => undefined,
    emitProgress: () => undefined,
    ...overrides,
  });
  const setup = (channel = 'web') => {
    const sendToUser = vi.fn<ResultMailer['sendToUser']>().mockResolvedValue('ann@example.org');
    const chats = { getMessage: vi.fn().mockResolvedValue({ chatId: 'c1' }), get: vi.fn().mockResolvedValue({ channel }) };
    const files = { readContent: vi.fn().mockResolvedValue(Buffer.from('%PDF')) };
    const capability = new EmailMeCapability({ sendToUser } as unknown as ResultMailer, chats as unknown as ChatService, files as unknown as FilesService);
    return { capability, sendToUser, chats };
  };

  it('mails the results and files to the user’s own address, whatever the plan says', async () => {
    const { capability, sendToUser } = setup();

    const result = await capability.run(run());

    expect(sendToUser).toHaveBeenCalledWith('u1', {
      id: 'm1.n3',
      subject: 'Switchboard: Summarize this and mail it to me',
      markdown: 'The summary.',
      attachments: [{ name: 'report.pdf', mime: 'application/pdf', data: Buffer.from('%PDF') }],
    });
    expect(result.text).toBe('E-mailed to ann@example.org, with report.pdf attached.');
  });

  it('mails to the user on an incognito turn, which is stored nowhere', async () => {
    const { capability, sendToUser, chats } = setup();
    chats.getMessage.mockRejectedValue(new AppException(ErrorCode.NotFound, 'No such message.'));

    await capability.run(run());

    expect(sendToUser).toHaveBeenCalled();
  });

  it('refuses in conversations someone else wrote (widget, WhatsApp, e-mail)', async () => {
    const { capability, sendToUser } = setup('widget');

    await expect(capability.run(run())).rejects.toMatchObject({ code: 'NOT_YOUR_CONVERSATION' });
    expect(sendToUser).not.toHaveBeenCalled();
  });

  it('fails clearly without a result to send, or when e-mail is not set up', async () => {
    const { capability, sendToUser } = setup();

    await expect(capability.run(run({ inputs: { text: '', values: { request: 'Summarize this and mail it to me' }, files: [], fromSteps: false } }))).rejects.toMatchObject({ code: 'NO_INPUT' });
    sendToUser.mockRejectedValue(new ResultNotMailedError('EMAIL_NOT_CONFIGURED', 'Sending e-mail is not set up here.'));
    const failure = capability.run(run());
    await expect(failure).rejects.toBeInstanceOf(CapabilityError);
    await expect(failure).rejects.toMatchObject({ code: 'EMAIL_NOT_CONFIGURED', message: 'Sending e-mail is not set up here.' });
  });
});
