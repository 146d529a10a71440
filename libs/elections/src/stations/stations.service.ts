import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { containsPattern, decodeCursor, Page, toPage } from '@app/platform';
import { StationDto, StationListQuery } from './dto/station.dto';
import { PollingStation } from './polling-station.entity';

@Injectable()
export class StationsService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async list(electionId: number, query: StationListQuery): Promise<Page<StationDto>> {
    const qb = this.txHost.tx
      .getRepository(PollingStation)
      .createQueryBuilder('s')
      .where('s.election_id = :electionId', { electionId })
      .orderBy('s.code')
      .limit(query.limit + 1);
    if (query.area) {
      qb.andWhere('(s.commune_code = :area OR s.district_code = :area OR s.province_code = :area)', {
        area: query.area,
      });
    }
    if (query.q) {
      const like = containsPattern(query.q);
      qb.andWhere('(s.code ILIKE :like OR s.name ILIKE :like)', { like });
    }
    if (query.cursor) qb.andWhere('s.code > :after', { after: String(decodeCursor(query.cursor, 1)[0]) });
    const page = toPage(await qb.getMany(), query.limit, (s) => [s.code]);
    return { items: page.items.map(StationDto.of), nextCursor: page.nextCursor };
  }
}
