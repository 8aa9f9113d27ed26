import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { FilesService } from '../files/files.service';
import { UploadsService } from '../files/uploads.service';
import type { AttachedFile } from './dto/live-support.dto';
import { VisitorFileDto } from './dto/visitor-file.dto';
import { VisitorFilesRepository } from './visitor-files.repository';
import { VisitorLimits } from './visitor-limits';
import type { Widget } from './widget.entity';

/**
 * Files widget visitors attach (docs/widgets.md). Visitors have no account: a file is stored as
 * an upload of the widget's owner, to be read and indexed (`vectorize`) like one from POST /files,
 * and remembered as the uploading session's. Only that session may follow it or attach it.
 */
@Injectable()
export class VisitorUploads {
  constructor(
    private readonly uploads: UploadsService,
    private readonly files: FilesService,
    private readonly visitorFiles: VisitorFilesRepository,
    private readonly limits: VisitorLimits,
  ) {}

  /** Charged before the body is read, so refused floods cost no storage or type detection. */
  async admit(widget: Widget, sessionId: string, ip: string): Promise<void> {
    if (!widget.active) throw new AppException(ErrorCode.WidgetInactive, 'This chat is switched off at the moment.');
    await this.limits.chargeUpload(widget.id, sessionId, ip);
  }

  async store(widget: Widget, sessionId: string, upload: { name: string; data: Buffer }): Promise<VisitorFileDto> {
    const file = await this.uploads.upload(widget.userId, upload, 'vectorize');
    await this.visitorFiles.insert(widget.id, sessionId, file.id);
    return VisitorFileDto.from(file);
  }

  /** The session's file, or NOT_FOUND (the same for another session's: ids are not confirmed). */
  async get(widget: Widget, sessionId: string, fileId: string): Promise<VisitorFileDto> {
    if (!(await this.visitorFiles.isSessions(widget.id, sessionId, fileId))) throw new AppException(ErrorCode.NotFound, 'No such file.');
    return VisitorFileDto.from(await this.files.get(widget.userId, fileId));
  }

  /** The files `fileIds` names, in that order; ATTACHMENT_UNKNOWN unless the session uploaded every one (and the owner still has it). */
  async attachable(widget: Widget, sessionId: string, fileIds: string[]): Promise<AttachedFile[]> {
    if (fileIds.length === 0) return [];
    const own = await this.visitorFiles.sessionsAmong(widget.id, sessionId, fileIds);
    const unknown = (): AppException => new AppException(ErrorCode.AttachmentUnknown, 'A file attached to the message was not uploaded in this chat. Attach it again.');
    if (fileIds.some((id) => !own.has(id))) throw unknown();
    // Deleted by the owner since: as unknown to the visitor as any other file.
    const files = await this.files.getMany(widget.userId, fileIds).catch((error: unknown) => {
      throw error instanceof AppException ? unknown() : error;
    });
    return files.map(({ id, name }) => ({ id, name }));
  }

  /** The files of a stored message, by name; those deleted since are left out. */
  async attachedTo(ownerUserId: string, fileIds: string[]): Promise<AttachedFile[]> {
    if (fileIds.length === 0) return [];
    const files = await Promise.all(fileIds.map((id) => this.files.get(ownerUserId, id).catch(() => null)));
    return files.filter((file) => file !== null).map(({ id, name }) => ({ id, name }));
  }
}
