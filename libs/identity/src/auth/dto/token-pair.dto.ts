import { ApiProperty } from '@nestjs/swagger';

export class TokenPairDto {
  @ApiProperty({ description: 'Bearer JWT for every non-public call.' })
  accessToken: string;

  @ApiProperty({ description: 'Single use: exchange it for a new pair at /auth/refresh.' })
  refreshToken: string;

  @ApiProperty({ description: 'Seconds until the access token expires.', example: 900 })
  expiresIn: number;
}
