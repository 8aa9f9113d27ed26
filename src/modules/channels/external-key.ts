import { sha256Hex } from '../../common/crypto';

/** The key inbound and outbound messages are found by: their channel's own id, hashed to a fixed length. */
export function externalKeyOf(externalId: string): string {
  return sha256Hex(externalId);
}
