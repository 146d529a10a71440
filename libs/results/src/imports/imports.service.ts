import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import {
  decodeCursor,
  IdempotencyStore,
  isUuid,
  OutboxService,
  PageQuery,
  Problem,
  toFieldErrors,
  toPage,
} from '@app/platform';
import { Election, ElectionsService } from '@app/elections';
import type { AuthenticatedUser } from '@app/identity';
import { ImportAcceptedDto, ImportDto, ImportPageDto, ImportSummaryDto } from './dto/import.dto';
import { ImportFieldsDto } from './dto/import-request.dto';
import { ImportStorage, StoredFile } from './import-storage';
import { ReceivedUpload } from './import-upload';
import { organisationSource, unknownPartySource } from '../sheets/sheet-sources';
import { ImportRunnerKind, ResultImport } from './result-import.entity';

/** The outbox event that gets an import onto the `imports` queue (see ImportRequestedConsumer). */
export const IMPORT_REQUESTED = 'results.import_requested';

/** Accepting import files and reading their reports; the work itself is ImportRunner's. */
@Injectable()
export class ImportsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxService,
    private readonly elections: ElectionsService,
    private readonly storage: ImportStorage,
    private readonly idempotency: IdempotencyStore,
  ) {}

  private get imports() {
    return this.txHost.tx.getRepository(ResultImport);
  }

  /**
   * Receives an upload (after the election is known to exist), checks it and queues it (202);
   * a refused upload's file is deleted.
   */
  async accept(
    electionCode: string,
    receive: () => Promise<ReceivedUpload>,
    user: AuthenticatedUser,
    idempotencyKey?: string,
  ): Promise<ImportAcceptedDto> {
    if (idempotencyKey !== undefined) IdempotencyStore.checkKey(idempotencyKey);
    const election = await this.elections.find(electionCode);
    const upload = await receive();
    let claimed = false;
    let fields: ImportFieldsDto;
    try {
      fields = await this.checkFields(election, upload.fields, user);
      if (!upload.file) throw Problem.validation([{ field: 'file', message: 'is required' }]);
      if (idempotencyKey !== undefined) {
        // The request is the election, the fields and the file's content, known once it is stored.
        const hash = IdempotencyStore.hash(
          'import',
          election.code,
          fields.kind,
          fields.source ?? '',
          upload.file.sha256,
        );
        const claim = await this.idempotency.claim(user.id, idempotencyKey, hash);
        if (!claim.first) {
          await this.storage.remove(upload.file.storedAs);
          return claim.body as ImportAcceptedDto;
        }
        claimed = true;
      }
      await this.record(election, fields, upload.id, upload.file, user.id, 'worker');
    } catch (error) {
      if (upload.file) await this.storage.remove(upload.file.storedAs);
      if (claimed) await this.idempotency.forget(user.id, idempotencyKey!);
      throw error;
    }
    // Recorded and queued: from here on the file is the import's and must stay.
    const accepted: ImportAcceptedDto = { id: upload.id, status: 'queued' };
    if (claimed) await this.idempotency.remember(user.id, idempotencyKey!, 202, accepted);
    return accepted;
  }

  /**
   * The CLI's way in: the same checks and the same row (`runner` cli), but no event, since the CLI
   * runs it itself; if its process dies, ImportSweeper fails the report.
   */
  async acceptLocalFile(electionCode: string, fields: Record<string, string>, path: string): Promise<string> {
    const election = await this.elections.find(electionCode);
    const checked = await this.checkFields(election, fields, { role: 'admin', organisation: null });
    const id = randomUUID();
    const file = await this.storage.save(createReadStream(path), id);
    try {
      await this.record(election, checked, id, { ...file, fileName: basename(path) }, null, 'cli');
    } catch (error) {
      await this.storage.remove(file.storedAs);
      throw error;
    }
    return id;
  }

  /** The report, for an admin or the uploader; anyone else gets 404. */
  async get(id: string, user: AuthenticatedUser): Promise<ImportDto> {
    const report = await this.report(id);
    if (!report || (user.role !== 'admin' && report.createdBy !== user.id)) throw Problem.notFound(`No import ${id}.`);
    return report;
  }

  async report(id: string): Promise<ImportDto | null> {
    if (!isUuid(id)) return null;
    const row = await this.imports.findOne({ where: { id }, relations: { election: true } });
    return row && ImportDto.of(row, row.election?.code ?? '');
  }

  /** An election's imports, newest first. */
  async list(electionCode: string, query: PageQuery): Promise<ImportPageDto> {
    const election = await this.elections.find(electionCode);
    // Milliseconds, as the cursor carries them: a page never skips rows of the same millisecond.
    const createdAt = "date_trunc('milliseconds', i.created_at)";
    const qb = this.imports
      .createQueryBuilder('i')
      .where('i.election_id = :electionId', { electionId: election.id })
      .orderBy(createdAt, 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(query.limit + 1);
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, 2);
      qb.andWhere(`(${createdAt}, i.id) < (:at::timestamptz, :id::uuid)`, { at, id });
    }
    const page = toPage(await qb.getMany(), query.limit, (i) => [i.createdAt.toISOString(), i.id]);
    return { items: page.items.map((i) => ImportSummaryDto.of(i, election.code)), nextCursor: page.nextCursor };
  }

  /**
   * The form fields as DOMAIN.md "Roles" allows them: admins import everything; observers upload
   * their organisation's result sheets and nothing else. An observer's sheets are always its
   * organisation's source, `observer:<ORG>` (sheet-sources.ts): `observer` from an observer means
   * that, and another organisation's source is 403. An admin's `observer` is the shared source.
   */
  private async checkFields(
    election: Election,
    raw: Record<string, string>,
    user: Pick<AuthenticatedUser, 'role' | 'organisation'>,
  ): Promise<ImportFieldsDto> {
    const fields = plainToInstance(ImportFieldsDto, raw);
    const errors = toFieldErrors(await validate(fields, { whitelist: true, forbidNonWhitelisted: true }));
    if (errors.length === 0) errors.push(...(await this.checkSource(election, fields)));
    if (errors.length > 0) throw Problem.validation(errors);
    if (user.role !== 'observer') return fields;
    const own = organisationSource(user.organisation ?? '');
    if (fields.kind !== 'sheets' || (fields.source !== 'observer' && fields.source !== own)) {
      throw Problem.forbidden(`Observers may upload only their organisation's result sheets (source "${own}").`);
    }
    fields.source = own;
    return fields;
  }

  private async checkSource(election: Election, fields: ImportFieldsDto) {
    if (fields.kind !== 'sheets') {
      return fields.source === undefined ? [] : [{ field: 'source', message: 'is only for sheets' }];
    }
    if (fields.source === undefined) {
      return [{ field: 'source', message: 'is required for sheets (recount figures are entered by officers)' }];
    }
    if (!fields.source.startsWith('party:')) return [];
    const parties = await this.elections.partiesOf([election.id]);
    const problem = unknownPartySource(
      fields.source,
      parties.map((p) => p.code),
      election.code,
    );
    return problem ? [problem] : [];
  }

  /** The import row and, for the worker, its event: one transaction, so no upload is ever lost. */
  @Transactional()
  private async record(
    election: Election,
    fields: ImportFieldsDto,
    id: string,
    file: StoredFile & { fileName: string },
    userId: string | null,
    runner: ImportRunnerKind,
  ): Promise<void> {
    await this.imports.insert({
      id,
      electionId: election.id,
      kind: fields.kind,
      source: fields.source ?? null,
      fileName: file.fileName,
      fileSha256: file.sha256,
      fileSize: String(file.size),
      storedAs: file.storedAs,
      createdBy: userId,
      runner,
    });
    // The CLI runs its imports itself; the worker's come through the queue.
    if (runner === 'worker') await this.outbox.append(IMPORT_REQUESTED, { importId: id, electionCode: election.code });
  }
}
