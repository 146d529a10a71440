import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { Role, ROLES } from '../../authorization/role';
import { AREA_CODE, PARTY_CODE, PASSWORD_MIN } from './user-fields';

/** Every field optional; `null` clears partyCode, organisation, jurisdiction or email. */
export class UpdateUserDto {
  @ApiPropertyOptional({ minLength: PASSWORD_MIN, format: 'password' })
  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(256)
  password?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @Matches(PARTY_CODE, { message: 'must be an upper-case party code' })
  partyCode?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  organisation?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @Matches(AREA_CODE, { message: 'must be an area code' })
  jurisdiction?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null removes it: in-app notifications only.' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ description: 'false deactivates the account: its tokens stop working at once.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
