import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuthenticatedUser } from './authenticated-user';
import { Role } from './role';

export const IS_PUBLIC = 'recourse:isPublic';
export const REQUIRED_ROLES = 'recourse:roles';

/** An open route: no token needed (the global guard lets it through). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route; others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The authenticated caller. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<FastifyRequest & { user: AuthenticatedUser }>().user,
);
