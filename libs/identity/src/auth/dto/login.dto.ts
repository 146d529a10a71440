import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'officer.pp' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'correct horse battery staple', format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}
