import { HttpException } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/** The body of an RFC 9457 problem, as Recourse sends it. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Stable problem types: part of the API contract, so never renamed. */
export const PROBLEM_TYPES = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'rate-limited',
  500: 'internal-error',
  503: 'service-unavailable',
} as const;

export const problemTypeUri = (slug: string) => `/problems/${slug}`;

export interface ProblemInit {
  status: number;
  /** Short slug naming the kind of problem (`validation-failed`, `version-conflict`…). */
  type?: string;
  title?: string;
  detail: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  extensions?: Record<string, unknown>;
}

/** A domain or request error that leaves the API as problem+json, whatever raised it. */
export class Problem extends HttpException {
  readonly slug: string;
  readonly errors?: FieldError[];
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;
  readonly title: string;

  constructor(init: ProblemInit) {
    super(init.detail, init.status);
    this.slug = init.type ?? PROBLEM_TYPES[init.status as keyof typeof PROBLEM_TYPES] ?? 'error';
    this.title = init.title ?? defaultTitle(init.status);
    this.errors = init.errors;
    this.headers = init.headers ?? {};
    this.extensions = init.extensions ?? {};
  }

  static validation(errors: FieldError[], detail = 'The request has invalid fields.'): Problem {
    return new Problem({ status: 400, type: 'validation-failed', title: 'Invalid request', detail, errors });
  }

  static notFound(detail: string): Problem {
    return new Problem({ status: 404, detail });
  }

  static conflict(detail: string, type = 'conflict'): Problem {
    return new Problem({ status: 409, type, detail });
  }

  static forbidden(detail: string): Problem {
    return new Problem({ status: 403, detail });
  }

  static unauthenticated(detail: string): Problem {
    return new Problem({ status: 401, detail, headers: { 'WWW-Authenticate': 'Bearer' } });
  }

  static unprocessable(detail: string, errors?: FieldError[]): Problem {
    return new Problem({ status: 422, detail, errors });
  }

  toBody(): ProblemBody {
    return {
      type: problemTypeUri(this.slug),
      title: this.title,
      status: this.getStatus(),
      detail: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extensions,
    };
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

export function defaultTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server error' : 'Request error');
}
