import type { VisitorFile } from '../../../contracts/widgets';
import type { FileDto } from '../../files/dto/file.dto';
import type { FileState } from '../../files/file.entity';

/**
 * A file a visitor uploaded, as the visitor sees it: no download address (the file is the widget
 * owner's; the visitor only attaches it), its state while it is read, and why it failed.
 */
export class VisitorFileDto implements VisitorFile {
  id!: string;
  name!: string;
  mime!: string;
  size!: number;
  state!: FileState;
  /** `CODE: explanation` when `state` is `failed`. */
  error?: string;

  static from(file: FileDto): VisitorFileDto {
    return { id: file.id, name: file.name, mime: file.mime, size: file.size, state: file.state, ...(file.error ? { error: file.error } : {}) };
  }
}
