import { ApiProperty } from '@nestjs/swagger';
import { Role, ROLES } from '../../authorization/role';
import { User } from '../user.entity';

/** A user as the API shows it: never the password hash. */
export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  username: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ nullable: true, type: String })
  partyCode: string | null;

  @ApiProperty({ nullable: true, type: String })
  organisation: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Area code; null means national.' })
  jurisdiction: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Where email notifications go.' })
  email: string | null;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  static of(user: User): UserDto {
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      partyCode: user.partyCode,
      organisation: user.organisation,
      jurisdiction: user.jurisdiction,
      email: user.email,
      active: user.active,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    };
  }
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] })
  items: UserDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
