import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { preflight } from '@app/platform';
import { AppModule } from './app.module';
import { configureApp, createHttpAdapter } from './configure-app';

async function bootstrap(): Promise<void> {
  const env = await preflight('api');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(env), {
    bufferLogs: true,
    bodyParser: false, // configureApp installs the JSON parser
  });
  await configureApp(app);
  await app.listen({ port: env.PORT, host: env.HOST });
}

void bootstrap();
