import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

/** Every migration this build knows is applied: an API ahead of its schema must not take traffic. */
@Injectable()
export class MigrationsHealthIndicator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      const pending = await this.dataSource.showMigrations();
      return pending ? indicator.down({ message: 'pending migrations: run `npm run cli -- migrate`' }) : indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
