import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

export class FieldErrorSchema {
  @ApiProperty({ example: 'username' })
  field: string;

  @ApiProperty({ example: 'must be longer than or equal to 3 characters' })
  message: string;
}

/** RFC 9457 problem details, as every error leaves the API. */
export class ProblemSchema {
  @ApiProperty({ example: '/problems/validation-failed', description: 'Stable identifier of the kind of problem.' })
  type: string;

  @ApiProperty({ example: 'Invalid request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'The request has invalid fields.' })
  detail: string;

  @ApiPropertyOptional({ example: '/api/v1/users' })
  instance?: string;

  @ApiPropertyOptional({ description: 'The request id, also in the logs and the X-Request-Id header.' })
  requestId?: string;

  @ApiPropertyOptional({ type: [FieldErrorSchema] })
  errors?: FieldErrorSchema[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON, an invalid or unknown field (named in `errors`).',
  401: 'No token, or an invalid, expired or revoked one.',
  403: 'Your role may not do this.',
  404: 'Not found, or not visible to you.',
  409: 'Conflict with the current state.',
  413: 'The body is too large.',
  415: 'The content type is not accepted.',
  422: 'Semantically invalid.',
  429: 'Too many attempts; see Retry-After.',
  503: 'A service this call needs is unreachable; see Retry-After.',
};

/** Documents the problem+json answers a route can give. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemSchema' } } },
      }),
    ),
  );
}
