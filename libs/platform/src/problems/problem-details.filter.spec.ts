import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { QueryFailedError } from 'typeorm';
import { Problem } from './problem';
import { ProblemDetailsFilter } from './problem-details.filter';

describe('ProblemDetailsFilter', () => {
  const filter = new ProblemDetailsFilter();
  const toProblem = (error: unknown) => filter.toProblem(error);

  it('keeps a Problem as it is, with its field errors and headers', () => {
    const { body, headers } = toProblem(Problem.unauthenticated('Token expired.'));
    expect(body).toMatchObject({ type: '/problems/unauthenticated', status: 401, detail: 'Token expired.' });
    expect(headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
  });

  it('maps Nest HTTP exceptions by status', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x')).body).toMatchObject({
      type: '/problems/not-found',
      status: 404,
      detail: 'Cannot GET /x',
    });
    expect(toProblem(new HttpException('too big', 413)).body.type).toBe('/problems/payload-too-large');
    expect(toProblem(new BadRequestException(['a is bad', 'b is bad'])).body.detail).toBe('a is bad; b is bad');
  });

  it('answers rate limits with 429 and Retry-After', () => {
    const { body, headers } = toProblem(new ThrottlerException());
    expect(body.status).toBe(429);
    expect(headers['Retry-After']).toBe('60');
  });

  it('answers an unreachable database with 503 and Retry-After', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const { body, headers } = toProblem(refused);
    expect(body).toMatchObject({ status: 503, type: '/problems/service-unavailable' });
    expect(headers['Retry-After']).toBeDefined();
    const terminated = new QueryFailedError('SELECT 1', [], Object.assign(new Error('terminating'), { code: '57P01' }));
    expect(toProblem(terminated).body.status).toBe(503);
  });

  it('answers anything else with a 500 that leaks nothing', () => {
    const { body } = toProblem(new Error('password=secret in a stack'));
    expect(body).toMatchObject({ status: 500, type: '/problems/internal-error' });
    expect(JSON.stringify(body)).not.toContain('secret');
  });

  it('answers a unique-key race with 409 and an unparseable value with 400, not 500', () => {
    const duplicate = new QueryFailedError('INSERT', [], Object.assign(new Error('duplicate key'), { code: '23505' }));
    expect(toProblem(duplicate).body).toMatchObject({ status: 409, type: '/problems/conflict' });
    const badDate = new QueryFailedError(
      'SELECT',
      [],
      Object.assign(new Error('invalid input syntax'), { code: '22007' }),
    );
    expect(toProblem(badDate).body).toMatchObject({ status: 400, type: '/problems/bad-request' });
  });
});
