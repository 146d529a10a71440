import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Problem } from '@app/platform';
import { AuthenticatedUser } from './authenticated-user';
import { REQUIRED_ROLES } from './decorators';
import { Role } from './role';

/** Checks `@Roles(...)` declared on a route or controller; runs after authentication. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (user && roles.includes(user.role)) return true;
    throw Problem.forbidden(`This action needs the role ${roles.join(' or ')}.`);
  }
}
