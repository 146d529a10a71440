import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { decodeCursor, OutboxService, Page, Problem, toPage } from '@app/platform';
import { defaultDeadlinePolicy } from '../deadlines';
import { Party } from '../parties/party.entity';
import { CreateElectionDto } from './dto/create-election.dto';
import { ElectionDto } from './dto/election.dto';
import { ElectionListQuery } from './dto/election-list.query';
import { UpdateElectionDto } from './dto/update-election.dto';
import { DEFAULT_THRESHOLDS, isForward } from './election-terms';
import { Election } from './election.entity';
import { resolveDeadlinePolicy } from './resolve-deadline-policy';

/** Sheets' HIGH_INVALID and HIGH_TURNOUT findings depend on the thresholds; results recomputes them. */
export const THRESHOLDS_CHANGED = 'elections.thresholds_changed';
/** The deadline policy of an election changed: its open cases' deadlines are worked out again. */
export const DEADLINE_POLICY_CHANGED = 'elections.deadline_policy_changed';

@Injectable()
export class ElectionsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxService,
  ) {}

  private get elections() {
    return this.txHost.tx.getRepository(Election);
  }

  private get parties() {
    return this.txHost.tx.getRepository(Party);
  }

  @Transactional()
  async create(input: CreateElectionDto): Promise<ElectionDto> {
    const duplicates = input.parties.map((p) => p.code).filter((code, i, all) => all.indexOf(code) !== i);
    if (duplicates.length > 0) {
      throw Problem.validation(
        duplicates.map((code) => ({ field: 'parties', message: `party code ${code} appears twice` })),
      );
    }
    const deadlinePolicy = resolveDeadlinePolicy(input.deadlinePolicy, defaultDeadlinePolicy(input.kind));
    if (await this.elections.existsBy({ code: input.code })) {
      throw new Problem({
        status: 409,
        type: 'election-code-taken',
        detail: `An election with code ${input.code} exists.`,
        errors: [{ field: 'code', message: 'is taken' }],
      });
    }
    const election = await this.elections.save(
      this.elections.create({
        code: input.code,
        name: input.name,
        nameKm: input.nameKm ?? null,
        kind: input.kind,
        pollingDate: input.pollingDate,
        seatMethod: input.seatMethod,
        contestLevel: input.contestLevel,
        deadlinePolicy,
        thresholds: { ...DEFAULT_THRESHOLDS, ...input.thresholds },
      }),
    );
    const parties = await this.parties.save(
      input.parties.map((p, position) =>
        this.parties.create({
          electionId: election.id,
          code: p.code,
          name: p.name,
          nameKm: p.nameKm ?? null,
          position,
        }),
      ),
    );
    await this.outbox.append('elections.election_created', { electionCode: election.code });
    return ElectionDto.of(election, parties);
  }

  async list(query: ElectionListQuery): Promise<Page<ElectionDto>> {
    const qb = this.elections
      .createQueryBuilder('e')
      .orderBy('e.polling_date', 'DESC')
      .addOrderBy('e.code', 'ASC')
      .limit(query.limit + 1);
    if (query.status) qb.andWhere('e.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('e.kind = :kind', { kind: query.kind });
    if (query.cursor) {
      const [date, code] = decodeCursor(query.cursor, 2);
      qb.andWhere('(e.polling_date < :date OR (e.polling_date = :date AND e.code > :code))', { date, code });
    }
    const page = toPage(await qb.getMany(), query.limit, (e) => [e.pollingDate, e.code]);
    const parties = await this.partiesOf(page.items.map((e) => e.id));
    return {
      items: page.items.map((e) =>
        ElectionDto.of(
          e,
          parties.filter((p) => p.electionId === e.id),
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }

  async get(code: string): Promise<ElectionDto> {
    const election = await this.find(code);
    return ElectionDto.of(election, await this.partiesOf([election.id]));
  }

  /** The election row, or 404; other libraries reach elections through this. */
  async find(code: string): Promise<Election> {
    const election = await this.elections.findOneBy({ code });
    if (!election) throw Problem.notFound(`No election with code "${code}".`);
    return election;
  }

  async partiesOf(electionIds: number[]): Promise<Party[]> {
    if (electionIds.length === 0) return [];
    return this.parties
      .createQueryBuilder('p')
      .where('p.election_id = ANY(:ids)', { ids: electionIds })
      .orderBy('p.election_id')
      .addOrderBy('p.position')
      .getMany();
  }

  @Transactional()
  async update(code: string, input: UpdateElectionDto): Promise<ElectionDto> {
    const election = await this.elections.findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
    if (!election) throw Problem.notFound(`No election with code "${code}".`);
    if (input.expectedVersion !== undefined && input.expectedVersion !== election.version) {
      throw Problem.conflict(
        `The election is at version ${election.version}, not ${input.expectedVersion}; reload and try again.`,
        'version-conflict',
      );
    }
    if (input.status !== undefined && input.status !== election.status && !isForward(election.status, input.status)) {
      throw Problem.conflict(
        `An election cannot go back from ${election.status} to ${input.status}.`,
        'illegal-transition',
      );
    }
    const statusChanged = input.status !== undefined && input.status !== election.status;
    const before = JSON.stringify(election.thresholds);
    const policyBefore = JSON.stringify(election.deadlinePolicy);
    if (input.name !== undefined) election.name = input.name;
    if (input.nameKm !== undefined) election.nameKm = input.nameKm;
    if (input.status !== undefined) election.status = input.status;
    if (input.seatMethod !== undefined) election.seatMethod = input.seatMethod;
    if (input.preliminaryResultsAt !== undefined) election.preliminaryResultsAt = new Date(input.preliminaryResultsAt);
    if (input.thresholds !== undefined) election.thresholds = { ...election.thresholds, ...input.thresholds };
    election.deadlinePolicy = resolveDeadlinePolicy(input.deadlinePolicy, election.deadlinePolicy);
    const saved = await this.elections.save(election);
    if (JSON.stringify(saved.thresholds) !== before) {
      await this.outbox.append(THRESHOLDS_CHANGED, { electionId: saved.id, electionCode: code });
    }
    if (JSON.stringify(saved.deadlinePolicy) !== policyBefore) {
      await this.outbox.append(DEADLINE_POLICY_CHANGED, { electionId: saved.id, electionCode: code });
    }
    if (statusChanged) {
      await this.outbox.append('elections.status_changed', { electionCode: code, status: saved.status });
    }
    return ElectionDto.of(saved, await this.partiesOf([saved.id]));
  }
}
