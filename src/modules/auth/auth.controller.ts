import { Body, Controller, Get, HttpCode, HttpStatus, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { UserDto } from '../users/dto/user.dto';
import { AnyScope, AuthAttempt, CurrentPrincipal, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto, RefreshTokenDto, RegisterDto, SessionDto } from './dto/auth.dto';
import type { Principal } from './principal';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Creates an account; the first account of an installation becomes admin. */
  @Public()
  @AuthAttempt()
  @Post('register')
  register(@Body() dto: RegisterDto): Promise<SessionDto> {
    return this.auth.register(dto);
  }

  /** Throttled per IP (`auth` budget) and per account, with backoff (LoginThrottle). */
  @Public()
  @AuthAttempt()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<SessionDto> {
    return this.auth.login(dto, ip);
  }

  /** Trades a refresh token for a new session; the old refresh token stops working. */
  @Public()
  @AuthAttempt()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  refresh(@Body() dto: RefreshTokenDto): Promise<SessionDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  /** Revokes the refresh token (and every token rotated from the same login). */
  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  logout(@Body() dto: RefreshTokenDto): Promise<void> {
    return this.auth.logout(dto.refreshToken);
  }

  /** Any API key may ask whose it is: integrations check their credentials this way. */
  @ApiBearerAuth()
  @ApiSecurity('api-key')
  @AnyScope()
  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Promise<UserDto> {
    return this.auth.me(principal.userId);
  }
}
