import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PageQuery } from '@app/platform';

export class WebhookListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'CNRP' })
  @IsOptional()
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,15}$/, { message: 'must be an upper-case party code' })
  partyCode?: string;
}
