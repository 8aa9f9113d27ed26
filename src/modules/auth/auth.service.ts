import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { isDuplicateKeyError } from '../../common/database-errors';
import { UserDto } from '../users/dto/user.dto';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { LoginDto, RegisterDto, SessionDto } from './dto/auth.dto';
import { LoginThrottle } from './login-throttle.service';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';
import { SessionTokensService } from './session-tokens.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly passwordPolicy: PasswordPolicy,
    private readonly loginThrottle: LoginThrottle,
    private readonly tokens: SessionTokensService,
  ) {}

  /**
   * EMAIL_TAKEN tells whoever asks that an address has an account. Kept on purpose, as most
   * products do: registration spends the strict per-IP `auth` budget, so enumerating costs as much
   * as guessing, and a neutral answer would need an email round trip to tell the real owner, which
   * this installation may not have (SMTP is optional). Login and its throttling reveal nothing.
   */
  async register(dto: RegisterDto): Promise<SessionDto> {
    this.passwordPolicy.assertStrongEnough(dto.password, dto);
    const emailTaken = new AppException(ErrorCode.EmailTaken, 'An account with this email already exists.');
    if (await this.users.findByEmail(dto.email)) throw emailTaken;
    let user: User;
    try {
      user = await this.users.create({ email: dto.email, name: dto.name, passwordHash: await this.passwords.hash(dto.password) });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw emailTaken;
      throw error;
    }
    return this.startSession(user);
  }

  /** `ip` is the caller's address, for the per-account backoff (see LoginThrottle). */
  async login(dto: LoginDto, ip: string): Promise<SessionDto> {
    await this.loginThrottle.assertMayTry(dto.email, ip);
    const user = await this.users.findByEmail(dto.email);
    // Always verify (against a decoy when the email is unknown) so timing does not reveal accounts.
    const valid = await this.passwords.verify(user?.passwordHash, dto.password);
    if (!user || !valid) {
      await this.loginThrottle.recordFailure(dto.email, ip);
      throw new AppException(ErrorCode.InvalidCredentials, 'Email or password is incorrect.');
    }
    await this.loginThrottle.recordSuccess(dto.email, ip);
    return this.startSession(user);
  }

  async refresh(refreshToken: string): Promise<SessionDto> {
    const { userId, familyId } = await this.tokens.consumeRefreshToken(refreshToken);
    const user = await this.users.findById(userId);
    if (!user) throw new AppException(ErrorCode.TokenInvalid, 'The refresh token is not valid; log in again.');
    return { ...(await this.tokens.issue(user, familyId)), user: UserDto.from(user) };
  }

  logout(refreshToken: string): Promise<void> {
    return this.tokens.revoke(refreshToken);
  }

  async me(userId: string): Promise<UserDto> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppException(ErrorCode.Unauthenticated, 'This account no longer exists.');
    return UserDto.from(user);
  }

  private async startSession(user: User): Promise<SessionDto> {
    return { ...(await this.tokens.issue(user)), user: UserDto.from(user) };
  }
}
