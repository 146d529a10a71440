import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { IdentityModule } from '@app/identity';

/** What CLI commands that go through services need; no HTTP, no queue workers. */
@Module({ imports: [PlatformModule, IdentityModule] })
export class CliModule {}
