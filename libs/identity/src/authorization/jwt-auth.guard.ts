import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { Problem } from '@app/platform';
import { IS_PUBLIC } from './decorators';

/** The one global authentication guard: every route needs a valid bearer token unless `@Public()`. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    // An error (rather than no user) means the check itself failed, e.g. the database is away:
    // that is the server's problem (503), not a bad token (401).
    if (error) throw error;
    if (!user) {
      const reason = info instanceof Error ? info.message : 'no bearer token';
      throw Problem.unauthenticated(`Authentication required (${reason}).`);
    }
    return user;
  }
}
