import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectRepository } from '@nestjs/typeorm';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Repository } from 'typeorm';
import { Environment, preparedQuery, Problem } from '@app/platform';
import { AuthenticatedUser } from '../authorization/authenticated-user';
import { User } from '../users/user.entity';

export interface AccessTokenClaims {
  sub: string;
  /** The user's token version when the token was issued. */
  tv: number;
  role: string;
}

export const JWT_ISSUER = 'recourse';
export const JWT_AUDIENCE = 'recourse-api';

/** What every verification of an access token checks besides the signature. */
export const ACCESS_TOKEN_CHECKS = { algorithms: ['HS256' as const], issuer: JWT_ISSUER, audience: JWT_AUDIENCE };

/**
 * Verifies the bearer token, then loads the user: a deactivated user, or one whose password or
 * role changed since the token was issued, is refused at once rather than when the token expires.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    env: Environment,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: env.jwtKey as unknown as Buffer, // jsonwebtoken takes a KeyObject; the typings lag
      ...ACCESS_TOKEN_CHECKS,
      ignoreExpiration: false,
    });
  }

  /**
   * On every request: plain SQL for what the check reads (the repository's finder cost more than the query),
   * prepared once per connection.
   */
  async validate(claims: AccessTokenClaims): Promise<AuthenticatedUser> {
    const [user] = await preparedQuery<AuthenticatedUser & { active: boolean; tokenVersion: number }>(
      this.users.manager,
      `SELECT id, username, display_name AS "displayName", role, party_code AS "partyCode", organisation,
              jurisdiction, active, token_version AS "tokenVersion"
         FROM users WHERE id = $1`,
      [claims.sub],
    );
    if (!user || !user.active || user.tokenVersion !== claims.tv) {
      throw Problem.unauthenticated('This token is no longer valid.');
    }
    const { id, username, displayName, role, partyCode, organisation, jurisdiction } = user;
    return { id, username, displayName, role, partyCode, organisation, jurisdiction };
  }
}
