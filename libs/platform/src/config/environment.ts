import { createSecretKey, KeyObject } from 'node:crypto';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { EVIDENCE_MEDIA_TYPES } from '../storage/media-type';

/** Used only outside production, so that several local processes agree on tokens without setup. */
export const DEVELOPMENT_JWT_SECRET = 'recourse-development-secret-do-not-use-in-production';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const MEDIA_TYPE = '[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*';
const MEDIA_TYPE_LIST = new RegExp(`^\\s*${MEDIA_TYPE}(\\s*,\\s*${MEDIA_TYPE})*\\s*$`, 'i');

/**
 * The process environment, validated once at start-up (CONTRACT.md "Operations").
 * Every setting has a default that works on a developer machine, except JWT_SECRET in production.
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Matches(/^postgres(ql)?:\/\/[^/]+\/[A-Za-z0-9_-]+(\?.*)?$/, {
    message: 'must be a postgres:// URL naming a database',
  })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/recourse';

  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'must be 1-64 letters, digits or _.:-' })
  REDIS_PREFIX = 'recourse';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /**
   * Whose X-Forwarded-For to believe: `false` (nobody: the default), a hop count, or addresses /
   * CIDR ranges of your load balancers. Rate limits key on the client address, so never `true`
   * unless every request really comes through a proxy you run.
   */
  @Matches(/^(false|true|\d{1,2}|[0-9a-fA-F.:/, ]+)$/, { message: 'must be false, true, a hop count or addresses' })
  TRUST_PROXY = 'false';

  get trustProxy(): boolean | number | string {
    if (this.TRUST_PROXY === 'false') return false;
    if (this.TRUST_PROXY === 'true') return true;
    return /^\d+$/.test(this.TRUST_PROXY) ? Number(this.TRUST_PROXY) : this.TRUST_PROXY;
  }

  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsDefined({ message: 'is required when NODE_ENV=production' })
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(300)
  REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_PER_MINUTE = 10;

  @IsString()
  STORAGE_DIR = './storage';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  OUTBOX_POLL_MS = 100;

  /**
   * Connections of the public search's own pool (PublicSearchPool). A flood of public searches queues
   * for these instead of taking the connections, and the cores, that officers' work needs.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  PUBLIC_SEARCH_CONNECTIONS = 4;

  /** Largest import file accepted; larger uploads are refused with 413 while streaming. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  IMPORT_MAX_BYTES = 100 * 1024 * 1024;

  /** Largest evidence file accepted; larger uploads are refused with 413 while streaming. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  EVIDENCE_MAX_BYTES = 50 * 1024 * 1024;

  /** Media types accepted as evidence, comma-separated, as detectMediaType names them. */
  @Matches(MEDIA_TYPE_LIST, { message: 'must be a comma-separated list of media types (type/subtype)' })
  EVIDENCE_MEDIA_TYPES = EVIDENCE_MEDIA_TYPES.join(',');

  get evidenceMediaTypes(): string[] {
    return this.EVIDENCE_MEDIA_TYPES.split(',').map((t) => t.trim().toLowerCase());
  }

  @IsOptional()
  @IsString()
  PUBLIC_URL?: string;

  /** Where email notifications go out (`smtp://user:pass@host:587`, `smtps://…`); empty sends no email. */
  @ValidateIf((env: Environment) => env.SMTP_URL !== '')
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL, or empty' })
  SMTP_URL = '';

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Recourse <no-reply@localhost>';

  /** Tries per email or webhook delivery before it fails (a webhook then goes to the dead letters). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  NOTIFICATION_ATTEMPTS = 8;

  /** First retry delay of a failed delivery; each further retry waits twice as long. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  NOTIFICATION_BACKOFF_MS = 5_000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /**
   * Whether webhooks may go to this host and private networks (a party system on the commission's own
   * network, a test receiver). Off, a webhook URL must reach a public address: one typed by an admin
   * cannot make the worker call internal services.
   */
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' | 'false' = 'false';

  /**
   * The Ed25519 key that signs the transparency log's checkpoints: base64 of the 32-byte seed, base64
   * PKCS#8 DER, a PEM private key or a signed-note `PRIVATE+KEY+…`. Empty: one is generated on first
   * use and kept in the database, so every process signs with the same key.
   */
  @ValidateIf((env: Environment) => env.TRANSPARENCY_SIGNING_KEY !== '')
  @Matches(/^(-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+|PRIVATE\+KEY\+\S+|[A-Za-z0-9+/_-]{43,}={0,2})$/, {
    message: 'must be a base64 Ed25519 seed or PKCS#8 key, a PEM private key or a signed-note private key',
  })
  TRANSPARENCY_SIGNING_KEY = '';

  /** The transparency log's origin line, also the name of its signing key (no spaces, no "+"). */
  @Matches(/^[^\s+]{1,255}$/, { message: 'must be 1-255 characters without spaces or "+"' })
  TRANSPARENCY_LOG_ORIGIN = 'recourse.example/log';

  get webhooksMayReachPrivateNetworks(): boolean {
    return this.WEBHOOK_ALLOW_PRIVATE_NETWORKS === 'true';
  }

  get jwtSecret(): string {
    return this.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET;
  }

  private hmacKey?: KeyObject;

  /**
   * The secret as a KeyObject: jsonwebtoken first tries to parse a string secret as a PEM key on
   * every call, which costs half a millisecond per request; a KeyObject skips that.
   */
  get jwtKey(): KeyObject {
    return (this.hmacKey ??= createSecretKey(Buffer.from(this.jwtSecret)));
  }
}

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Reads and validates the environment; throws one line naming every bad variable. */
export function loadEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const known = Object.keys(new Environment());
  const raw: Record<string, string> = {};
  for (const key of [...known, 'JWT_SECRET', 'PUBLIC_URL']) {
    const value = source[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const env = plainToInstance(Environment, raw);
  const errors = validateSync(env, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const reasons = errors.map((e) => {
      const shown =
        e.property === 'JWT_SECRET' || e.property === 'TRANSPARENCY_SIGNING_KEY' || e.value === undefined
          ? ''
          : ` (got "${e.property.endsWith('_URL') ? redactUrl(String(e.value)) : String(e.value)}")`;
      return `${e.property} ${firstReason(e.property, e.constraints ?? {})}${shown}`;
    });
    throw new ConfigurationError(`Invalid configuration: ${reasons.join('; ')}`);
  }
  return env;
}

/** The most basic failure first (missing, wrong type) — "must be an integer" before "must not exceed". */
const CONSTRAINT_ORDER = ['isDefined', 'isInt', 'isString', 'isIn', 'matches'];

function firstReason(property: string, constraints: Record<string, string>): string {
  const key = CONSTRAINT_ORDER.find((c) => c in constraints) ?? Object.keys(constraints)[0];
  const message = key ? constraints[key] : 'is invalid';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/** A URL as it may be shown: never its password. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
