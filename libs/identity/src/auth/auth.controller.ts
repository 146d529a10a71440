import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@app/platform';
import { AuthenticatedUser } from '../authorization/authenticated-user';
import { CurrentUser, Public } from '../authorization/decorators';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { MeDto } from './dto/me.dto';
import { RefreshDto } from './dto/refresh.dto';
import { TokenPairDto } from './dto/token-pair.dto';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { TokenService } from './token.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly tokens: TokenService,
  ) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a username and password for a token pair' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 401, 429)
  login(@Body() body: LoginDto): Promise<TokenPairDto> {
    return this.auth.login(body);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair; the old one stops working' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 401)
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.tokens.rotate(body.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a refresh token and its session' })
  @ApiProblems(400)
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.tokens.revoke(body.refreshToken);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who am I' })
  @ApiOkResponse({ type: MeDto })
  @ApiProblems(401)
  me(@CurrentUser() user: AuthenticatedUser): MeDto {
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      ...(user.partyCode ? { partyCode: user.partyCode } : {}),
      ...(user.organisation ? { organisation: user.organisation } : {}),
      ...(user.jurisdiction ? { jurisdiction: user.jurisdiction } : {}),
    };
  }
}
