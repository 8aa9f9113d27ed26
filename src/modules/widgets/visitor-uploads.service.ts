import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { FilesService } from '../files/files.service';
import { UploadsService } from '../files/uploads.service';
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

  /** ATTACHMENT_UNKNOWN unless the session uploaded every one of `fileIds`. */
  async checkAttachable(widget: Widget, sessionId: string, fileIds: string[]): Promise<void> {
    const own = await this.visitorFiles.sessionsAmong(widget.id, sessionId, fileIds);
    if (fileIds.some((id) => !own.has(id))) {
      throw new AppException(ErrorCode.AttachmentUnknown, 'A file attached to the message was not uploaded in this chat. Attach it again.');
    }
  }
}
