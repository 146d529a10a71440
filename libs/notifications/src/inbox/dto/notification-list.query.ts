import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQuery } from '@app/platform';

export class NotificationListQuery extends PageQuery {
  @ApiPropertyOptional({ type: Boolean, description: '`true`: only unread notices; `false`: only read ones.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}
