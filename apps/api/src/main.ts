import { preflight } from '@app/platform/bootstrap/preflight';

async function bootstrap(): Promise<void> {
  // Checked before the application is even loaded, so a bad setting fails in a blink.
  const env = await preflight('api');
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('./app.module');
  const { configureApp, createHttpAdapter } = await import('./configure-app');
  const app = await NestFactory.create<import('@nestjs/platform-fastify').NestFastifyApplication>(
    AppModule,
    createHttpAdapter(env),
    { bufferLogs: true, bodyParser: false }, // configureApp installs the JSON parser
  );
  await configureApp(app);
  await app.listen({ port: env.PORT, host: env.HOST });
}

void bootstrap();
