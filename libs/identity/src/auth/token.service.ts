import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Environment, Problem } from '@app/platform';
import { User } from '../users/user.entity';
import { TokenPairDto } from './dto/token-pair.dto';
import { AccessTokenClaims, JWT_AUDIENCE, JWT_ISSUER } from './jwt.strategy';
import { RefreshToken } from './refresh-token.entity';

const sha256 = (value: string) => createHash('sha256').update(value).digest();
type Rotation = { pair: TokenPairDto; refused?: never } | { pair?: never; refused: string };

const REFRESH_TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

/** Issues access tokens and rotates refresh tokens (one use each, families revoked on reuse). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly env: Environment,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** A new session: a new refresh-token family. */
  issue(user: User, manager: EntityManager = this.dataSource.manager): Promise<TokenPairDto> {
    return this.issuePair(user, randomUUID(), manager);
  }

  /**
   * Exchanges a refresh token for a new pair. A token presented a second time revokes every token of
   * its family (the revocation commits even though the call answers 401).
   */
  async rotate(presented: string): Promise<TokenPairDto> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<Rotation> => {
      const token = await this.find(presented, manager, true);
      if (!token) return { refused: 'This refresh token is not valid.' };
      if (token.usedAt || token.revokedAt) {
        await this.revokeFamily(token.familyId, manager);
        return { refused: 'This refresh token was already used; its session has been revoked.' };
      }
      if (token.expiresAt.getTime() <= Date.now()) return { refused: 'This refresh token has expired.' };
      const user = await manager.findOneBy(User, { id: token.userId });
      if (!user || !user.active) return { refused: 'This account is not active.' };
      await manager.update(RefreshToken, { id: token.id }, { usedAt: new Date() });
      return { pair: await this.issuePair(user, token.familyId, manager) };
    });
    if (!outcome.pair) throw Problem.unauthenticated(outcome.refused);
    return outcome.pair;
  }

  /** Ends the session the token belongs to. Unknown tokens are ignored: logging out twice is fine. */
  async revoke(presented: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const token = await this.find(presented, manager, false);
      if (token) await this.revokeFamily(token.familyId, manager);
    });
  }

  async revokeAllOf(userId: string, manager: EntityManager): Promise<void> {
    await manager.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [
      userId,
    ]);
  }

  private async issuePair(user: User, familyId: string, manager: EntityManager): Promise<TokenPairDto> {
    const claims: AccessTokenClaims = { sub: user.id, tv: user.tokenVersion, role: user.role };
    const accessToken = await this.jwt.signAsync(claims, {
      secret: this.env.jwtKey as unknown as Buffer,
      algorithm: 'HS256',
      expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await manager.insert(RefreshToken, {
      id,
      userId: user.id,
      familyId,
      secretHash: sha256(secret),
      expiresAt: new Date(Date.now() + this.env.REFRESH_TOKEN_TTL_SECONDS * 1000),
    });
    return { accessToken, refreshToken: `${id}.${secret}`, expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS };
  }

  private async find(presented: string, manager: EntityManager, lock: boolean): Promise<RefreshToken | null> {
    const match = REFRESH_TOKEN.exec(presented);
    if (!match) return null;
    const token = await manager.findOne(RefreshToken, {
      where: { id: match[1] },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!token || !timingSafeEqual(token.secretHash, sha256(match[2]))) return null;
    return token;
  }

  private async revokeFamily(familyId: string, manager: EntityManager): Promise<void> {
    await manager.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [
      familyId,
    ]);
  }
}
