import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { AuthenticatedUser } from '@app/identity';
import { isUuid, preparedQuery, Problem } from '@app/platform';
import { Case } from './case.entity';
import { FactsRow, factsSql } from './case-facts';
import { caseColumns, caseFromRow } from './case-row';
import { canSeeCase } from './policy/case-visibility';

/** A case with what a transition reads beside it: the workflow's facts and its election's version. */
export interface CaseToMove {
  c: Case;
  facts: FactsRow;
  electionVersion: number;
}

/** Finds a case by its public reference (or a draft by its id) as the caller may see it, or 404. */
@Injectable()
export class CaseFinder {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async find(referenceOrId: string, user: AuthenticatedUser): Promise<Case> {
    const c = await this.findAny(referenceOrId);
    if (!c || !canSeeCase(c, user)) throw Problem.notFound(`There is no case ${referenceOrId}.`);
    return c;
  }

  /** Without a visibility check: for the system (deadline jobs) and for merge targets checked after. */
  async findAny(referenceOrId: string): Promise<Case | null> {
    const repo = this.txHost.tx.getRepository(Case);
    return isUuid(referenceOrId)
      ? repo.findOneBy({ id: referenceOrId })
      : repo.findOneBy({ reference: referenceOrId.toUpperCase() });
  }

  /**
   * The case to move, in one round trip with its facts and its election's version; 404 as `find` when
   * the user may not see it (no user: the system, which sees every case).
   */
  async findToMove(referenceOrId: string, user?: AuthenticatedUser): Promise<CaseToMove> {
    const byId = isUuid(referenceOrId);
    const rows = await preparedQuery<Record<string, unknown> & FactsRow & { election_version: number }>(
      this.txHost.tx,
      `SELECT ${caseColumns(this.txHost.tx, 'c')}, f.*, (SELECT e.version FROM elections e WHERE e.id = c.election_id) AS election_version
         FROM cases c CROSS JOIN LATERAL (${factsSql('c.id')}) f
        WHERE ${byId ? 'c.id = $1::uuid' : 'c.reference = $1'}`,
      [byId ? referenceOrId : referenceOrId.toUpperCase()],
    );
    const c = rows[0] && caseFromRow(this.txHost.tx, rows[0]);
    if (!c || (user && !canSeeCase(c, user))) throw Problem.notFound(`There is no case ${referenceOrId}.`);
    const { outcome, reasoning, proposed_by, open_recounts, linked_stations, election_version } = rows[0];
    return {
      c,
      facts: { outcome, reasoning, proposed_by, open_recounts, linked_stations },
      electionVersion: election_version,
    };
  }
}
