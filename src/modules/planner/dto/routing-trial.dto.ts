import { IsBoolean, IsString, Length, Matches, ValidateIf } from 'class-validator';
import type { Classification } from '../../routing/classification';
import type { Plan } from '../plan';

const IfPresent = () => ValidateIf((_: object, value: unknown) => value !== undefined);

export class RoutingTrialDto {
  @IsString()
  @Length(1, 20_000)
  message!: string;

  /** Try a fixed topic, as a widget or `promptTopic` would send it. */
  @IfPresent()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{1,63}$/, { message: 'promptTopic must be a topic key' })
  promptTopic?: string;

  /** The client's web-search toggle. */
  @IfPresent()
  @IsBoolean()
  webSearch?: boolean;
}

export class RoutingTrialResultDto {
  classification!: Classification;
  /** The plan the pipeline would execute, or null on the fast path (no planner). */
  plan!: Plan | null;
  /** `planner` (model or heuristic planner), `fallback` (unusable plan → one chat node), or null when not planned. */
  planSource!: 'planner' | 'fallback' | null;
  /** Why the plan fell back, or why no plan was made; null otherwise. */
  note!: string | null;
}
