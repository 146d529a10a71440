import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Role, ROLES } from '../../authorization/role';
import { AREA_CODE, PARTY_CODE, PASSWORD_MIN, USERNAME } from './user-fields';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class CreateUserDto {
  @ApiProperty({ example: 'officer.pp', description: 'Lower-case letters, digits, ".", "_" or "-"; 3–64 long.' })
  @Transform(lowerTrim)
  @IsString()
  @Matches(USERNAME, { message: 'must be 3-64 lower-case letters, digits, ".", "_" or "-"' })
  username: string;

  @ApiProperty({ minLength: PASSWORD_MIN, format: 'password' })
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(256)
  password: string;

  @ApiPropertyOptional({ example: 'Sok Dara', description: 'Defaults to the username.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ example: 'CNRP', description: 'Required for party agents.' })
  @IsOptional()
  @Matches(PARTY_CODE, { message: 'must be an upper-case party code' })
  partyCode?: string;

  @ApiPropertyOptional({ example: 'Situation Room', description: 'Required for observers.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  organisation?: string;

  @ApiPropertyOptional({ example: '12', description: 'An area code; omitted means national.' })
  @IsOptional()
  @Matches(AREA_CODE, { message: 'must be an area code' })
  jurisdiction?: string;

  @ApiPropertyOptional({ example: 'dara@example.org', description: 'Where email notifications go; none: in-app only.' })
  @IsOptional()
  @Transform(trim)
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string;
}
