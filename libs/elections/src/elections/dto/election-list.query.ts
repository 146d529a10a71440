import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQuery } from '@app/platform';
import { ELECTION_STATUSES, ElectionStatus } from '../election-terms';

export class ElectionListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ELECTION_STATUSES })
  @IsOptional()
  @IsIn(ELECTION_STATUSES)
  status?: ElectionStatus;

  @ApiPropertyOptional({ example: 'commune_council' })
  @IsOptional()
  @Matches(/^[a-z][a-z_]{2,39}$/)
  kind?: string;
}
