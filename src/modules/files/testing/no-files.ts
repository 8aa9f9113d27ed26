import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import type { FilesService } from '../files.service';

/** A FilesService for unit specs of modules that only look files up: it knows no file at all. */
export const NO_FILES = {
  getMany: (_userId: string, ids: string[]) => (ids.length === 0 ? Promise.resolve([]) : Promise.reject(new AppException(ErrorCode.NotFound, `No such file: ${ids[0]}`))),
  prepareForSearch: () => Promise.resolve([]),
} as unknown as FilesService;
