import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { originOf } from '../../common/http/request-origin';
import { TtlCache } from '../../common/ttl-cache';
import { AppConfig } from '../../config/app-config';
import { VectorStore } from '../../infra/vector-store/vector-store';
import { ChatService } from '../chat/chat.service';
import { TaskPromptsService } from '../routing/task-prompts.service';
import { invalidDomainEntries, isOriginAllowedFor } from './allowed-domains';
import { CreateWidgetDto, UpdateWidgetDto, WidgetDto } from './dto/widget.dto';
import { WidgetSessionsRepository } from './widget-sessions.repository';
import { Widget } from './widget.entity';
import { WidgetsRepository } from './widgets.repository';

/**
 * How long a node serves a widget it has read to visitors: every public request reads its widget,
 * so the owner's edits reach visitors within this (at once on the node that saved them).
 */
const PUBLIC_CACHE_MS = 5_000;

/** Widgets as their owner manages them, and as the public endpoints look them up. */
@Injectable()
export class WidgetsService {
  private readonly publicCache = new TtlCache<Widget | null>(PUBLIC_CACHE_MS);
  private readonly appOrigin: string | undefined;

  constructor(
    private readonly widgets: WidgetsRepository,
    private readonly sessions: WidgetSessionsRepository,
    private readonly chats: ChatService,
    private readonly taskPrompts: TaskPromptsService,
    private readonly vectors: VectorStore,
    config: AppConfig,
  ) {
    this.appOrigin = originOf(config.http.appUrl);
  }

  async list(userId: string): Promise<WidgetDto[]> {
    return (await this.widgets.listOwned(userId)).map((widget) => WidgetDto.from(widget));
  }

  async get(userId: string, id: string): Promise<WidgetDto> {
    return WidgetDto.from(await this.findOwned(userId, id));
  }

  async create(userId: string, dto: CreateWidgetDto): Promise<WidgetDto> {
    await this.validate(userId, dto);
    const now = new Date();
    const widget: Widget = {
      id: randomUUID(),
      userId,
      name: dto.name.trim(),
      taskPromptTopic: dto.taskPromptTopic ?? null,
      allowedDomains: dto.allowedDomains,
      config: { ...dto.config },
      active: dto.active ?? true,
      createdAt: now,
      updatedAt: now,
    };
    await this.widgets.insert(widget);
    return WidgetDto.from(widget);
  }

  /** Changes the fields given; `config` fields are merged into the stored ones. */
  async update(userId: string, id: string, dto: UpdateWidgetDto): Promise<WidgetDto> {
    const widget = await this.findOwned(userId, id);
    await this.validate(userId, dto);
    const changes: Partial<Widget> = {
      ...(dto.name !== undefined ? { name: dto.name.trim() } : {}),
      ...(dto.taskPromptTopic !== undefined ? { taskPromptTopic: dto.taskPromptTopic } : {}),
      ...(dto.allowedDomains !== undefined ? { allowedDomains: dto.allowedDomains } : {}),
      ...(dto.config !== undefined ? { config: { ...widget.config, ...dto.config } } : {}),
      ...(dto.active !== undefined ? { active: dto.active } : {}),
    };
    await this.widgets.update(id, changes);
    this.publicCache.invalidate(id);
    return WidgetDto.from({ ...widget, ...changes, updatedAt: new Date() });
  }

  /** Deletes the widget, its sessions and their conversations, and its knowledge (the websites' pages in its vector group). */
  async delete(userId: string, id: string): Promise<void> {
    await this.findOwned(userId, id);
    await this.chats.deleteMany(userId, await this.sessions.chatIdsOf(id));
    await this.widgets.delete(id);
    await this.vectors.delete({ ownerUserId: userId, group: { kind: 'widget', id } });
    this.publicCache.invalidate(id);
  }

  /** The caller's widget, or NOT_FOUND (also for other people's: existence is not revealed). */
  async findOwned(userId: string, id: string): Promise<Widget> {
    const widget = await this.widgets.findOwned(userId, id);
    if (!widget) throw new AppException(ErrorCode.NotFound, 'No such widget.');
    return widget;
  }

  /** The widget whose visitor conversation chat `chatId` is, if it is one (its site is searched for answers). */
  async widgetIdOfChat(chatId: string): Promise<string | null> {
    return (await this.sessions.findByChat(chatId))?.widgetId ?? null;
  }

  /**
   * The widget a visitor's page asks for, active or not, when `origin` may use it: NOT_FOUND for
   * an unknown widget, ORIGIN_NOT_ALLOWED for a page (or a request without one) outside its
   * allowed domains. The app's own origin is always allowed, so the owner can try it out.
   */
  async forVisitor(id: string, origin: string | undefined): Promise<Widget> {
    const widget = await this.publicCache.get(id, () => this.widgets.findById(id));
    if (!widget) throw new AppException(ErrorCode.NotFound, 'No such widget.');
    if (!origin || !(origin === this.appOrigin || isOriginAllowedFor(origin, widget.allowedDomains))) {
      throw new AppException(ErrorCode.OriginNotAllowed, 'This website may not use this chat widget.');
    }
    return widget;
  }

  private async validate(userId: string, dto: UpdateWidgetDto): Promise<void> {
    const invalid = invalidDomainEntries(dto.allowedDomains ?? []);
    if (invalid.length > 0) {
      throw new AppException(
        ErrorCode.ValidationFailed,
        `allowedDomains must be host names like shop.example.com or *.example.com (lowercase, no scheme or path): ${invalid.slice(0, 3).join(', ')}`,
      );
    }
    if (dto.taskPromptTopic && !(await this.taskPrompts.findForTopic(dto.taskPromptTopic, userId))) {
      throw new AppException(ErrorCode.ValidationFailed, `taskPromptTopic: there is no task prompt with the topic ${dto.taskPromptTopic}.`);
    }
  }
}
