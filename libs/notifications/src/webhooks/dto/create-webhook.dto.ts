import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateWebhookDto {
  @ApiProperty({ example: 'CNRP', description: 'The party whose notifications are sent to `url`.' })
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,15}$/, { message: 'must be an upper-case party code' })
  partyCode: string;

  @ApiProperty({ example: 'https://party.example.org/recourse-hook' })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'must be an http or https URL' },
  )
  @MaxLength(2048)
  url: string;

  @ApiPropertyOptional({
    minLength: 16,
    description: 'The HMAC-SHA256 key; generated when absent. Shown only in this answer.',
  })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  secret?: string;
}
