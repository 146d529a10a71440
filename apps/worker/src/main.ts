import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { preflight } from '@app/platform';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  await preflight('worker');
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  app.get(Logger).log('Worker started');
}

void bootstrap();
