import { ConfigurationError, DEVELOPMENT_JWT_SECRET, loadEnvironment } from './environment';

describe('loadEnvironment', () => {
  it('gives working defaults on a developer machine', () => {
    const env = loadEnvironment({});
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/recourse');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.PORT).toBe(3000);
    expect(env.jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
  });

  it('parses numbers from strings', () => {
    expect(loadEnvironment({ PORT: '8080', ACCESS_TOKEN_TTL_SECONDS: '600' })).toMatchObject({
      PORT: 8080,
      ACCESS_TOKEN_TTL_SECONDS: 600,
    });
  });

  it('webhooks reach only public addresses unless WEBHOOK_ALLOW_PRIVATE_NETWORKS is true', () => {
    expect(loadEnvironment({}).webhooksMayReachPrivateNetworks).toBe(false);
    expect(loadEnvironment({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }).webhooksMayReachPrivateNetworks).toBe(true);
    expect(() => loadEnvironment({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'yes' })).toThrow(
      /WEBHOOK_ALLOW_PRIVATE_NETWORKS must be true or false/,
    );
  });

  it('a missing JWT_SECRET in production stops start-up with its name', () => {
    expect(() => loadEnvironment({ NODE_ENV: 'production' })).toThrow(ConfigurationError);
    expect(() => loadEnvironment({ NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET is required when NODE_ENV=production/,
    );
  });

  it('a short JWT_SECRET is refused without echoing it', () => {
    let message = '';
    try {
      loadEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'hunter2' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/JWT_SECRET must be at least 32 characters/);
    expect(message).not.toContain('hunter2');
  });

  it('names every bad variable on one line', () => {
    expect.assertions(2);
    try {
      loadEnvironment({ PORT: 'abc', REDIS_URL: 'http://x', LOG_LEVEL: 'loud' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toMatch(/PORT .*REDIS_URL .*LOG_LEVEL|PORT|REDIS_URL|LOG_LEVEL/);
    }
  });

  it.each([
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['DATABASE_URL', 'postgres://localhost'],
    ['REDIS_PREFIX', 'has spaces'],
    ['PORT', '70000'],
    ['NODE_ENV', 'staging'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadEnvironment({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });

  it('never shows the password of a bad URL', () => {
    expect(() => loadEnvironment({ DATABASE_URL: 'postgres://app:s3cret@db:5432' })).toThrow(/app:\*\*\*@db/);
    expect(() => loadEnvironment({ DATABASE_URL: 'postgres://app:s3cret@db:5432' })).not.toThrow(/s3cret/);
  });

  it('believes X-Forwarded-For from nobody unless told', () => {
    expect(loadEnvironment({}).trustProxy).toBe(false);
    expect(loadEnvironment({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadEnvironment({ TRUST_PROXY: '10.0.0.0/8' }).trustProxy).toBe('10.0.0.0/8');
  });

  it('limits evidence to 50 MiB of the recognised media types unless told otherwise', () => {
    const env = loadEnvironment({});
    expect(env.EVIDENCE_MAX_BYTES).toBe(50 * 1024 * 1024);
    expect(env.evidenceMediaTypes).toEqual([
      'application/pdf',
      'image/jpeg',
      'image/png',
      'image/webp',
      'video/mp4',
      'audio/mpeg',
      'audio/mp4',
      'audio/ogg',
      'text/plain',
      'text/csv',
    ]);
    const told = loadEnvironment({ EVIDENCE_MAX_BYTES: '2048', EVIDENCE_MEDIA_TYPES: 'application/pdf, Image/PNG' });
    expect(told.EVIDENCE_MAX_BYTES).toBe(2048);
    expect(told.evidenceMediaTypes).toEqual(['application/pdf', 'image/png']);
    expect(() => loadEnvironment({ EVIDENCE_MEDIA_TYPES: 'pdf,png' })).toThrow(
      /^Invalid configuration: EVIDENCE_MEDIA_TYPES must be a comma-separated list of media types/,
    );
    expect(() => loadEnvironment({ EVIDENCE_MAX_BYTES: '10' })).toThrow(/EVIDENCE_MAX_BYTES/);
  });
});
