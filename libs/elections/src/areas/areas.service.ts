import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { decodeCursor, Page, toPage } from '@app/platform';
import { Area } from './area.entity';
import { AreaDto, AreaListQuery } from './dto/area.dto';

@Injectable()
export class AreasService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async list(electionId: number, query: AreaListQuery): Promise<Page<AreaDto>> {
    const qb = this.txHost.tx
      .getRepository(Area)
      .createQueryBuilder('a')
      .where('a.election_id = :electionId', { electionId })
      .orderBy('a.code')
      .limit(query.limit + 1);
    if (query.level) qb.andWhere('a.level = :level', { level: query.level });
    if (query.parent) qb.andWhere('a.parent_code = :parent', { parent: query.parent });
    if (query.cursor) qb.andWhere('a.code > :after', { after: String(decodeCursor(query.cursor, 1)[0]) });
    const page = toPage(await qb.getMany(), query.limit, (a) => [a.code]);
    return { items: page.items.map(AreaDto.of), nextCursor: page.nextCursor };
  }
}
