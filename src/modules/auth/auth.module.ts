import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { hmacKey } from '../../common/crypto';
import { AppConfig } from '../../config/app-config';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { UsersModule } from '../users/users.module';
import { AccessPolicyAudit } from './access-policy.audit';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthGuard } from './guards/auth.guard';
import { RateLimitGuard } from './guards/rate-limit.guard';
import { PurgeExpiredTokensJob } from './jobs/purge-expired-tokens.job';
import { LoginThrottle } from './login-throttle.service';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';
import { RefreshToken } from './refresh-token.entity';
import { RefreshTokenRepository } from './refresh-token.repository';
import { SessionRevocations } from './session-revocations';
import { SessionTokensService } from './session-tokens.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([RefreshToken]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      // The algorithm is pinned by SessionTokensService on every sign and verify.
      useFactory: (config: AppConfig) => ({ secret: hmacKey(config.auth.jwtSecret) }),
    }),
    DiscoveryModule,
    UsersModule,
    ApiKeysModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    PasswordHasher,
    PasswordPolicy,
    LoginThrottle,
    RefreshTokenRepository,
    SessionRevocations,
    SessionTokensService,
    PurgeExpiredTokensJob,
    AccessPolicyAudit,
    // Order matters: authentication first, so budgets can be counted per user.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [SessionTokensService],
})
export class AuthModule {}
