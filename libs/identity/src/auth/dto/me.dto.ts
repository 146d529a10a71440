import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Role, ROLES } from '../../authorization/role';

export class MeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  username: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiPropertyOptional({ example: 'CNRP' })
  partyCode?: string;

  @ApiPropertyOptional({ example: 'Situation Room' })
  organisation?: string;

  @ApiPropertyOptional({ description: 'Area code; absent means national.', example: '12' })
  jurisdiction?: string;
}
