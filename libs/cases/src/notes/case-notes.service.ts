import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditTrail } from '@app/audit';
import type { AuthenticatedUser } from '@app/identity';
import { decodeCursor, toPage } from '@app/platform';
import { Case } from '../case.entity';
import { CaseFinder } from '../case-finder';
import { Audience, CaseNotifier } from '../notices/case-notifier';
import { checkMayReadNotes, checkMayWriteNote, readableNotes, standingOf } from '../policy/case-record-access';
import { CaseNote } from './case-note.entity';
import { CreateNoteDto, NoteDto, NoteListQuery, NotePageDto } from './dto/note.dto';

export const CASE_MESSAGE = 'case.message';

/**
 * Notes on a case: internal ones between caseworkers, and messages between the caseworkers and the
 * complainant. Each note commits with its audit entry and, for a message, the notification.
 */
@Injectable()
export class CaseNotesService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly finder: CaseFinder,
    private readonly audit: AuditTrail,
    private readonly notifier: CaseNotifier,
  ) {}

  @Transactional()
  async create(user: AuthenticatedUser, reference: string, input: CreateNoteDto): Promise<NoteDto> {
    const found = await this.finder.find(reference, user);
    // The audit chain of a case is appended under its row lock.
    await this.txHost.tx.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, [found.id]);
    const c = await this.finder.find(found.id, user);
    const standing = standingOf(c, user);
    checkMayWriteNote(c, standing, input.visibility);
    const repo = this.txHost.tx.getRepository(CaseNote);
    const note = await repo.save(
      repo.create({ caseId: c.id, authorId: user.id, visibility: input.visibility, body: input.body }),
    );
    await this.audit.append({
      subjectType: 'case',
      subjectId: c.id,
      actorId: user.id,
      actorRole: user.role,
      action: 'add_note',
      fromState: c.state,
      toState: c.state,
      after: { noteId: note.id, visibility: note.visibility, body: note.body },
    });
    if (note.visibility === 'complainant') {
      const audience = standing === 'caseworker' ? complainantOf(c) : c.assigneeId ? { userIds: [c.assigneeId] } : null;
      const name = c.reference ?? 'draft';
      if (audience) {
        await this.notifier.notify({
          kind: CASE_MESSAGE,
          caseReference: c.reference ?? undefined,
          title: `A message on case ${name}`,
          body: note.body,
          audience,
        });
      }
    }
    return NoteDto.of(note, c.reference, { username: user.username, role: user.role });
  }

  async list(user: AuthenticatedUser, reference: string, query: NoteListQuery): Promise<NotePageDto> {
    const c = await this.finder.find(reference, user);
    const standing = standingOf(c, user);
    checkMayReadNotes(standing);
    const visibilities = readableNotes(standing).filter((v) => !query.visibility || v === query.visibility);
    const values: unknown[] = [c.id, visibilities, query.limit + 1];
    let after = '';
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, 2);
      values.push(at, id);
      after = `AND (${CREATED_AT}, n.id) > ($4::timestamptz, $5::uuid)`;
    }
    const rows: (NoteRow & { author: string | null; author_role: string | null })[] = await this.txHost.tx.query(
      `SELECT n.id, n.case_id, n.author_id, n.visibility, n.body, n.created_at, u.username AS author, u.role AS author_role
         FROM case_notes n LEFT JOIN users u ON u.id = n.author_id
        WHERE n.case_id = $1 AND n.visibility = ANY($2::text[]) ${after}
        ORDER BY ${CREATED_AT}, n.id
        LIMIT $3`,
      values,
    );
    const page = toPage(rows, query.limit, (r) => [new Date(r.created_at).toISOString(), r.id]);
    return {
      items: page.items.map((r) =>
        NoteDto.of(
          {
            id: r.id,
            caseId: r.case_id,
            authorId: r.author_id,
            visibility: r.visibility,
            body: r.body,
            createdAt: new Date(r.created_at),
          },
          c.reference,
          r.author ? { username: r.author, role: r.author_role ?? 'unknown' } : undefined,
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }
}

const CREATED_AT = "date_trunc('milliseconds', n.created_at)";

interface NoteRow {
  id: string;
  case_id: string;
  author_id: string;
  visibility: CaseNote['visibility'];
  body: string;
  created_at: Date;
}

function complainantOf(c: Case): Audience {
  return c.complainantKind === 'party'
    ? { partyCodes: [c.complainantPartyCode!] }
    : { organisations: c.complainantOrganisation ? [c.complainantOrganisation] : [] };
}
