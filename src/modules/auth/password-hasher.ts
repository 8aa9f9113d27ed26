import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/** Argon2id with the library's defaults (19 MiB, 2 passes): slow on purpose. */
@Injectable()
export class PasswordHasher {
  /** Verified when the email is unknown, so a miss costs as long as a wrong password. */
  private readonly decoy: Promise<string> = hash('switchboard-decoy-password');

  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash ?? (await this.decoy), password);
    } catch {
      return false;
    }
  }
}
