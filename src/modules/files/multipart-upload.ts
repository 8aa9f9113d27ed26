import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';

export interface ReceivedUpload {
  name: string;
  data: Buffer;
  /** The text fields sent before the file (a field after it is not read: the file is). */
  fields: Record<string, string>;
}

/**
 * The `file` part of a multipart request, read up to the size limit registered with
 * @fastify/multipart (UPLOAD_MAX_BYTES), or up to `maxBytes` when a route accepts less (the 413
 * then names that limit). Not multipart is 415; no `file` part is 400.
 */
export async function readUpload(request: FastifyRequest, maxBytes?: number): Promise<ReceivedUpload> {
  let part: MultipartFile | undefined;
  try {
    part = await request.file(maxBytes === undefined ? undefined : { limits: { fileSize: maxBytes } });
    if (!part || part.fieldname !== 'file') throw new AppException(ErrorCode.ValidationFailed, 'Send the document as the multipart field `file`.');
    const data = await part.toBuffer();
    return { name: part.filename, data, fields: textFields(part) };
  } catch (error) {
    throw asAppException(error, maxBytes);
  }
}

function textFields(part: MultipartFile): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(part.fields)) {
    const field = Array.isArray(value) ? value[0] : value;
    if (field && field.type === 'field' && typeof field.value === 'string') fields[name] = field.value;
  }
  return fields;
}

function asAppException(error: unknown, maxBytes: number | undefined): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppException(ErrorCode.PayloadTooLarge, maxBytes === undefined ? 'The file is larger than uploads may be.' : `The file is larger than ${megabytes(maxBytes)}, the most accepted here.`);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppException(ErrorCode.UnsupportedMediaType, 'Upload the file as multipart/form-data.');
    case 'FST_PROTO_VIOLATION':
    case 'FST_NO_FORM_DATA':
      return new AppException(ErrorCode.BadRequest, 'The multipart body cannot be read.');
    default:
      return error;
  }
}

/** 10485760 → "10 MB", 1572864 → "1.5 MB": a limit as people read it. */
function megabytes(bytes: number): string {
  return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
}
