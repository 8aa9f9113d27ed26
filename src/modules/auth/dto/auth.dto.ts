import { IsEmail, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../../../common/http/trim';
import type { AuthSession, Credentials, Registration } from '../../../contracts/auth';
import { UserDto } from '../../users/dto/user.dto';


export class RegisterDto implements Registration {
  @Trim()
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(8, { message: 'password must be at least 8 characters' })
  @MaxLength(128)
  password!: string;

  @Trim()
  @IsString()
  @Length(1, 80)
  name!: string;
}

export class LoginDto implements Credentials {
  @Trim()
  @IsString()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MaxLength(128)
  password!: string;
}

export class RefreshTokenDto {
  @IsString()
  @Length(10, 200)
  refreshToken!: string;
}

export class SessionDto implements AuthSession {
  accessToken!: string;
  refreshToken!: string;
  /** Access token lifetime in seconds. */
  expiresIn!: number;
  user!: UserDto;
}
