import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { AuthenticatedUser } from '@app/identity';
import { Problem } from '@app/platform';
import { Case } from './case.entity';
import { canSeeCase } from './policy/case-visibility';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    return UUID.test(referenceOrId)
      ? repo.findOneBy({ id: referenceOrId })
      : repo.findOneBy({ reference: referenceOrId.toUpperCase() });
  }
}
