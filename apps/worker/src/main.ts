import { preflight } from '@app/platform/bootstrap/preflight';

async function bootstrap(): Promise<void> {
  // Checked before the application is even loaded, so a bad setting fails in a blink.
  await preflight('worker');
  const { NestFactory } = await import('@nestjs/core');
  const { Logger } = await import('nestjs-pino');
  const { WorkerModule } = await import('./worker.module');
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  app.get(Logger).log('Worker started');
}

void bootstrap();
