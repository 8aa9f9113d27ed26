import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { UserDto } from '../../users/dto/user.dto';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(8, { message: 'password must be at least 8 characters' })
  @MaxLength(128)
  password!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 80)
  name!: string;
}

export class LoginDto {
  @Transform(trim)
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

export class SessionDto {
  accessToken!: string;
  refreshToken!: string;
  /** Access token lifetime in seconds. */
  expiresIn!: number;
  user!: UserDto;
}
