import { CreateAuth1764190000000 } from './1764190000000-create-auth';

/** Every migration, in order. Listed explicitly so the app, the CLI and tests run the same set. */
export const MIGRATIONS = [CreateAuth1764190000000];
