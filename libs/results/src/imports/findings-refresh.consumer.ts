import { Injectable, OnModuleInit } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { EventConsumer, EventHandlersRegistry, OutboxEventJob } from '@app/platform';
import { THRESHOLDS_CHANGED } from '@app/elections';
import { storedSheetFindingsSql } from './sheets-import';

/**
 * New thresholds change what HIGH_INVALID and HIGH_TURNOUT mean: every current sheet of the
 * election is checked again, set-based, with the same expression and unit medians an import uses.
 * Runs in the consumer's transaction, so a redelivered event finds nothing left to change.
 */
@Injectable()
export class FindingsRefreshConsumer implements EventConsumer, OnModuleInit {
  readonly name = 'results.refresh-findings';
  readonly events = [THRESHOLDS_CHANGED];

  constructor(
    private readonly registry: EventHandlersRegistry,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(event: OutboxEventJob): Promise<void> {
    const unit = `CASE e.contest_level WHEN 'commune' THEN p.commune_code ELSE p.province_code END`;
    const findings = storedSheetFindingsSql('s');
    await this.txHost.tx.query(
      `WITH e AS (SELECT id, contest_level, thresholds FROM elections WHERE id = $1),
       medians AS (
         SELECT s.source, ${unit} AS unit_code,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY s.invalid_ballots::float8 / s.ballots_cast) AS median
           FROM result_sheets s JOIN polling_stations p ON p.id = s.station_id, e
          WHERE s.election_id = e.id AND s.is_current AND s.ballots_cast > 0
          GROUP BY s.source, ${unit})
       UPDATE result_sheets s SET findings = ${findings}
         FROM polling_stations p, e, medians m
        WHERE s.election_id = e.id AND s.is_current AND p.id = s.station_id
          AND m.source = s.source AND m.unit_code = ${unit}
          AND s.findings IS DISTINCT FROM ${findings}`,
      [Number(event.payload.electionId)],
    );
  }
}
