import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { AppConfig } from '../../config/app-config';
import { JobQueueService } from '../../infra/queue/job-queue.service';
import { JobName } from '../../infra/queue/jobs';
import type { FileDto } from './dto/file.dto';
import { detectType } from './extraction/detect-type';
import { PROCESS_LEVELS, type ProcessLevel } from './file.entity';
import { FilesService } from './files.service';

/** The longest file name kept (the column's size); the extension counts. */
const MAX_NAME = 255;

/**
 * `POST /files`: stores an upload under the type its bytes show (never the name's or the client's
 * Content-Type), refuses types it cannot handle safely (415), and queues text extraction (OCR for
 * images, a transcript for audio) on `async_extract` unless only storage was asked for.
 */
@Injectable()
export class UploadsService {
  constructor(
    private readonly files: FilesService,
    private readonly queue: JobQueueService,
    private readonly config: AppConfig,
  ) {}

  async upload(userId: string, upload: { name: string; data: Buffer }, processLevel: string | undefined): Promise<FileDto> {
    const level = parseProcessLevel(processLevel);
    if (upload.data.length === 0) throw new AppException(ErrorCode.ValidationFailed, 'The file is empty.');
    const type = await detectType(upload.data, upload.name);
    // RTF, EPUB and legacy Office files are read by Apache Tika only: without it they are refused like any unknown type.
    if (!type || (type.kind === 'tika' && !this.config.files.tikaUrl)) {
      throw new AppException(
        ErrorCode.UnsupportedMediaType,
        `This type of file is not accepted: PDF, DOCX, XLSX, PPTX, ODT, HTML, Markdown, CSV, plain text, PNG/JPEG/GIF/WebP/TIFF images and MP3/WAV/Ogg/FLAC/M4A/WebM audio are${
          this.config.files.tikaUrl ? ', and RTF, EPUB and legacy Word/Excel/PowerPoint files' : ''
        }.`,
      );
    }
    const name = cleanName(upload.name) || `upload.${type.extension}`;
    const file = await this.files.saveUploaded(userId, { name, mime: type.mime, data: upload.data }, type.extension, level);
    if (level !== 'store') await this.queue.enqueue({ name: JobName.ExtractFile, data: { fileId: file.id } });
    return file;
  }
}

function parseProcessLevel(value: string | undefined): ProcessLevel {
  if (value === undefined || value === '') return 'extract';
  const level = PROCESS_LEVELS.find((known) => known === value);
  if (!level) throw new AppException(ErrorCode.ValidationFailed, `processLevel must be one of ${PROCESS_LEVELS.join(', ')}.`);
  return level;
}

/** The client's file name without control characters or a path, at most MAX_NAME characters. */
function cleanName(name: string): string {
  let clean = '';
  for (const char of name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)) {
    if (char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f) clean += char;
  }
  return clean.trim().slice(0, MAX_NAME);
}
