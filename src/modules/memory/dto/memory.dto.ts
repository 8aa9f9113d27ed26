import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import type { Memory as MemoryContract, MemoryFields } from '../../../contracts/memories';
import { MAX_MEMORY_KEY_CHARS, MAX_MEMORY_VALUE_CHARS, MEMORY_CATEGORIES, type Memory, type MemoryCategory } from '../memory.entity';

/** The field may be left out, but when it is given it must be valid: null is not "left out". */
const IfPresent = () => ValidateIf((_: object, value: unknown) => value !== undefined);
/** Keys and values are stored trimmed, with runs of whitespace as one space: " Lives  in" and "lives in" are one key. */
const Collapsed = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? collapseSpaces(value) : value));

export function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export class CreateMemoryDto implements MemoryFields {
  @IsIn(MEMORY_CATEGORIES)
  category!: MemoryCategory;

  @Collapsed()
  @IsString()
  @Length(1, MAX_MEMORY_KEY_CHARS)
  key!: string;

  @Collapsed()
  @IsString()
  @Length(1, MAX_MEMORY_VALUE_CHARS)
  value!: string;
}

export class UpdateMemoryDto implements Partial<MemoryFields> {
  @IfPresent()
  @IsIn(MEMORY_CATEGORIES)
  category?: MemoryCategory;

  @IfPresent()
  @Collapsed()
  @IsString()
  @Length(1, MAX_MEMORY_KEY_CHARS)
  key?: string;

  @IfPresent()
  @Collapsed()
  @IsString()
  @Length(1, MAX_MEMORY_VALUE_CHARS)
  value?: string;
}

/** An empty query parameter (`?category=&q=`) is no filter. */
const BlankIsAbsent = () => Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value));

export class MemoryQueryDto {
  @BlankIsAbsent()
  @IsOptional()
  @IsIn(MEMORY_CATEGORIES)
  category?: MemoryCategory;

  /** Finds memories whose key or value contains it. */
  @BlankIsAbsent()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;
}

export class MemoryDto implements MemoryContract {
  id!: string;
  category!: MemoryCategory;
  key!: string;
  value!: string;
  sourceChatId!: string | null;
  createdAt!: string;
  updatedAt!: string;

  static from(memory: Memory): MemoryDto {
    return {
      id: memory.id,
      category: memory.category,
      key: memory.key,
      value: memory.value,
      sourceChatId: memory.sourceChatId,
      createdAt: memory.createdAt.toISOString(),
      updatedAt: memory.updatedAt.toISOString(),
    };
  }
}
