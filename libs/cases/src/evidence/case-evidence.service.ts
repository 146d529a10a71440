import { ReadStream } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { AuditTrail } from '@app/audit';
import type { AuthenticatedUser } from '@app/identity';
import {
  decodeCursor,
  Environment,
  FileStorage,
  IdempotencyStore,
  isUuid,
  PageQuery,
  Problem,
  toFieldErrors,
  toPage,
} from '@app/platform';
import { CaseFinder } from '../case-finder';
import { checkMayAddEvidence, maySeeEvidence, Standing, standingOf } from '../policy/case-record-access';
import { CaseEvidence } from './case-evidence.entity';
import { EvidenceDto, EvidenceFieldsDto, EvidencePageDto } from './dto/evidence.dto';
import { ReceivedEvidence, receiveEvidence } from './evidence-upload';

export interface UploadResult {
  evidence: EvidenceDto;
  /** True when an Idempotency-Key retry got the first upload's answer back. */
  replayed: boolean;
}

export interface EvidenceContent {
  evidence: EvidenceDto;
  stream: ReadStream;
}

/**
 * Evidence files of a case. An upload is checked before a byte is read (the caller may add evidence
 * to this case), streamed to storage, then recorded with its audit entry in one transaction; if that
 * transaction fails, the file is removed.
 */
@Injectable()
export class CaseEvidenceService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly finder: CaseFinder,
    private readonly storage: FileStorage,
    private readonly env: Environment,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
  ) {}

  async upload(
    user: AuthenticatedUser,
    reference: string,
    request: FastifyRequest,
    idempotencyKey?: string,
  ): Promise<UploadResult> {
    if (idempotencyKey !== undefined) IdempotencyStore.checkKey(idempotencyKey);
    const c = await this.finder.find(reference, user);
    checkMayAddEvidence(c, standingOf(c, user));
    const upload = await receiveEvidence(request, this.storage, {
      folder: `evidence/${c.id}`,
      maxBytes: this.env.EVIDENCE_MAX_BYTES,
      mediaTypes: this.env.evidenceMediaTypes,
    });
    let claimed = false;
    let evidence: EvidenceDto;
    try {
      const fields = await checkFields(upload);
      if (idempotencyKey !== undefined) {
        // The request is the case, the fields and the file's name and content, known once stored.
        const hash = IdempotencyStore.hash(
          'evidence',
          c.id,
          fields.public,
          fields.description ?? '',
          upload.file!.fileName,
          upload.file!.sha256,
        );
        const claim = await this.idempotency.claim(user.id, idempotencyKey, hash);
        if (!claim.first) {
          await this.storage.remove(upload.file!.storedAs);
          return { evidence: claim.body as EvidenceDto, replayed: true };
        }
        claimed = true;
      }
      evidence = await this.txHost.withTransaction(() => this.record(user, c.id, upload, fields));
    } catch (error) {
      if (upload.file) await this.storage.remove(upload.file.storedAs);
      if (claimed) await this.idempotency.forget(user.id, idempotencyKey!);
      throw error;
    }
    if (claimed) await this.idempotency.remember(user.id, idempotencyKey!, 201, evidence);
    return { evidence, replayed: false };
  }

  async list(user: AuthenticatedUser, reference: string, query: PageQuery): Promise<EvidencePageDto> {
    const c = await this.finder.find(reference, user);
    const standing = standingOf(c, user);
    const qb = this.txHost.tx
      .getRepository(CaseEvidence)
      .createQueryBuilder('e')
      .where('e.case_id = :caseId', { caseId: c.id })
      .orderBy(CREATED_AT, 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(query.limit + 1);
    if (!maySeeEvidence({ public: false }, standing)) qb.andWhere('e.public');
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, 2);
      qb.andWhere(`(${CREATED_AT}, e.id) > (:at::timestamptz, :id::uuid)`, { at, id });
    }
    const page = toPage(await qb.getMany(), query.limit, (e) => [e.createdAt.toISOString(), e.id]);
    const names = await this.usernames(page.items.map((e) => e.uploadedBy));
    return {
      items: page.items.map((e) => EvidenceDto.of(e, c.reference, names.get(e.uploadedBy) ?? null)),
      nextCursor: page.nextCursor,
    };
  }

  async get(user: AuthenticatedUser, reference: string, id: string): Promise<EvidenceDto> {
    return (await this.find(user, reference, id)).dto;
  }

  async content(user: AuthenticatedUser, reference: string, id: string): Promise<EvidenceContent> {
    const { evidence, dto } = await this.find(user, reference, id);
    try {
      return { evidence: dto, stream: await this.storage.open(evidence.storedAs) };
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error;
      throw new Problem({ status: 404, detail: `The file of evidence ${id} is missing from storage.` });
    }
  }

  private async find(user: AuthenticatedUser, reference: string, id: string) {
    const c = await this.finder.find(reference, user);
    const evidence = isUuid(id)
      ? await this.txHost.tx.getRepository(CaseEvidence).findOneBy({ id, caseId: c.id })
      : null;
    if (!evidence || !maySeeEvidence(evidence, standingOf(c, user))) {
      throw Problem.notFound(`Case ${reference} has no evidence ${id}.`);
    }
    const names = await this.usernames([evidence.uploadedBy]);
    return { evidence, dto: EvidenceDto.of(evidence, c.reference, names.get(evidence.uploadedBy) ?? null) };
  }

  /** In the upload's transaction: the case is locked and checked again, then the row and its audit entry. */
  private async record(
    user: AuthenticatedUser,
    caseId: string,
    upload: ReceivedEvidence,
    fields: EvidenceFieldsDto,
  ): Promise<EvidenceDto> {
    // The audit chain of a case is appended under its row lock; the state may have moved meanwhile.
    await this.txHost.tx.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
    const c = await this.finder.find(caseId, user);
    const standing: Standing = standingOf(c, user);
    checkMayAddEvidence(c, standing);
    const file = upload.file!;
    const repo = this.txHost.tx.getRepository(CaseEvidence);
    const saved = await repo.save(
      repo.create({
        id: upload.id,
        caseId: c.id,
        uploadedBy: user.id,
        fileName: file.fileName,
        mediaType: file.mediaType,
        size: String(file.size),
        sha256: file.sha256,
        storedAs: file.storedAs,
        description: fields.description ?? null,
        public: fields.public === 'true',
      }),
    );
    await this.audit.append({
      subjectType: 'case',
      subjectId: c.id,
      actorId: user.id,
      actorRole: user.role,
      action: 'add_evidence',
      fromState: c.state,
      toState: c.state,
      after: {
        evidenceId: saved.id,
        fileName: saved.fileName,
        mediaType: saved.mediaType,
        size: file.size,
        sha256: saved.sha256,
        public: saved.public,
        description: saved.description,
      },
    });
    return EvidenceDto.of(saved, c.reference, user.username);
  }

  private async usernames(ids: string[]): Promise<Map<string, string>> {
    const rows: { id: string; username: string }[] = await this.txHost.tx.query(
      `SELECT id, username FROM users WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.username]));
  }
}

const CREATED_AT = "date_trunc('milliseconds', e.created_at)";

async function checkFields(upload: ReceivedEvidence): Promise<EvidenceFieldsDto> {
  const fields = plainToInstance(EvidenceFieldsDto, upload.fields);
  const errors = toFieldErrors(await validate(fields, { whitelist: true, forbidNonWhitelisted: true }));
  if (!upload.file) errors.unshift({ field: 'file', message: 'is required' });
  if (errors.length > 0) throw Problem.validation(errors);
  return fields;
}
