import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiProblems } from '../openapi/problem.schema';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/** Documents the `Idempotency-Key` header and the answers it can bring. */
export const ApiIdempotencyKey = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes a retry safe: the same key and body return the first response; the same key with another body is 422.',
    }),
    ApiProblems(409, 422),
  );

/** A JSON creating route that honours `Idempotency-Key` (see IdempotencyStore). */
export const Idempotent = () => applyDecorators(UseInterceptors(IdempotencyInterceptor), ApiIdempotencyKey());
