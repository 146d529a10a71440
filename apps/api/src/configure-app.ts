import multipart from '@fastify/multipart';
import { ValidationPipe } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { publishedDocumentHook, PublicDecisionsService } from '@app/decisions';
import {
  Environment,
  Problem,
  ProblemDetailsFilter,
  ProblemSchema,
  rememberValidationRules,
  requestId,
  toFieldErrors,
} from '@app/platform';
import { installJsonBodyParser } from './json-body-parser';
import { mountQueuesDashboard } from './queues-dashboard/queues-dashboard';
import { serveWeb } from './web/serve-web';

const LIVENESS_PATH = '/health/live';

/** The Fastify instance, shared by main.ts and the e2e tests. */
export function createHttpAdapter(env: Environment): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    genReqId: requestId,
    trustProxy: env.trustProxy,
    return503OnClosing: true,
  });
}

/** Everything main.ts does to the app before it listens; the e2e tests call the same function. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ProblemDetailsFilter());
  rememberValidationRules();
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => Problem.validation(toFieldErrors(errors)),
    }),
  );
  const fastify = app.getHttpAdapter().getInstance();
  installJsonBodyParser(fastify);
  const env = app.get(Environment);
  // Files stream to storage part by part; these limits stop an oversize upload while it streams.
  await app.register(multipart as never, {
    limits: { fileSize: env.IMPORT_MAX_BYTES, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 },
  });
  // The adapter's own first onRequest hook: it runs on every request, probes included, and ahead of
  // Nest's middleware (NestFactory.create has already registered middie's hook, so addHook here would
  // run after it). A published decision is a prepared document that never changes: served from here,
  // before the request logger, guards and interceptors; anything else goes on to Nest.
  const serveDocument = publishedDocumentHook(app.get(PublicDecisionsService));
  (app.getHttpAdapter() as FastifyAdapter).setOnRequestHook((request, reply, done) => {
    void reply.header('x-request-id', request.id);
    serveDocument(request, reply, done);
  });
  // Liveness checks nothing but the process, and probes call it constantly: served by Fastify
  // itself, past Nest's guards and interceptors (documented in OpenAPI below all the same).
  fastify.get(LIVENESS_PATH, async () => ({ status: 'ok' }));
  setUpOpenApi(app);
  await mountQueuesDashboard(app);
  await serveWeb(app);
  app.enableShutdownHooks();
}

function setUpOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Recourse API')
    .setDescription(
      'Electoral complaints and recount requests: result sheets, cases, reasoned decisions and the public record. ' +
        'Every error is RFC 9457 application/problem+json.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemSchema] });
  document.paths[LIVENESS_PATH] = {
    get: {
      operationId: 'HealthController_live',
      summary: 'The process is up (no dependency is checked)',
      tags: ['health'],
      responses: {
        200: {
          description: 'Alive',
          content: { 'application/json': { schema: { type: 'object', example: { status: 'ok' } } } },
        },
      },
    },
  };
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
