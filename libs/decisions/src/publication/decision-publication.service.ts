import { Injectable } from '@nestjs/common';
import { Propagation, Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CASE_ACTIONS, currentOfficial, SHEETS_JSON, SheetSnapshot } from '@app/cases';
import { canonicalJson, etagOf } from '@app/platform';
import { TransparencyLog } from '@app/transparency';
import { buildDecisionRecord, RecordInput, searchTextOf } from '../public/public-record.builder';

interface PublicSheetRow {
  source: string;
  version: number;
  registered_voters: number;
  ballots_cast: number;
  invalid_ballots: number;
  valid_ballots: number;
  votes: number[];
}

interface CaseRow {
  id: string;
  election_id: number;
  reference: string;
  kind: string;
  category: string;
  title: string | null;
  description: string | null;
  incident_date: string | null;
  requested_remedy: string | null;
  complainant_kind: string;
  complainant_party_code: string | null;
  complainant_organisation: string | null;
  respondent_party_code: string | null;
  filed_at: Date | null;
  late: boolean;
  province_codes: string[];
  e_code: string;
  e_name: string;
  e_name_km: string | null;
  e_kind: string;
  party_codes: string[];
  outcome: string;
  findings: string;
  reasoning: string;
  legal_basis: string[];
  remedies: RecordInput['decision']['remedies'];
  proposed_at: Date | null;
  approved_at: Date | null;
  published_at: Date;
  amends: string | null;
}

/**
 * Turns a published decision into its public record: built from the fields that may be published,
 * stored once, and appended to the transparency log in the same transaction, so a record exists
 * in the log exactly when it exists in the public record.
 */
@Injectable()
export class DecisionPublicationService {
  /**
   * Appends the stored record to the log and stamps its leaf index, with the prepared document
   * readers are served: the record plus `transparency.leafIndex`, exactly what log:verify compares.
   */
  @Transactional(Propagation.Mandatory)
  async appendToLog(
    kind: 'decision' | 'amendment' | 'recount',
    reference: string,
    record: Record<string, unknown>,
  ): Promise<number> {
    const { leafIndex } = await this.log.append({ kind, reference, record });
    const document = JSON.stringify({ ...record, transparency: { leafIndex } });
    await this.txHost.tx.query(
      `UPDATE public_records SET leaf_index = $1, document = $2, etag = $3 WHERE kind = $4 AND reference = $5`,
      [leafIndex, document, etagOf(document), kind, reference],
    );
    return leafIndex;
  }

  /** A certified recount becomes a public record: the figures it replaced and the ones it certified. */
  @Transactional(Propagation.Mandatory)
  async publishRecount(recountId: string): Promise<number | null> {
    const [row]: {
      id: string;
      case_id: string;
      reference: string;
      election_id: number;
      election_code: string;
      province_code: string;
      station_code: string;
      station_name: string;
      certified_at: Date;
      party_codes: string[];
      recount: PublicSheetRow | null;
      replaced: PublicSheetRow | null;
    }[] = await this.txHost.tx.query(
      `SELECT r.id, r.case_id, c.reference, c.election_id, e.code AS election_code, p.province_code,
              p.code AS station_code, p.name AS station_name, r.certified_at,
              (SELECT coalesce(array_agg(pp.code ORDER BY pp.position), '{}') FROM parties pp WHERE pp.election_id = e.id) AS party_codes,
              (SELECT to_jsonb(n) FROM result_sheets n WHERE n.id = r.sheet_id) AS recount,
              (SELECT to_jsonb(o) FROM result_sheets o WHERE o.id = r.replaced_sheet_id) AS replaced
         FROM recounts r JOIN cases c ON c.id = r.case_id JOIN elections e ON e.id = c.election_id
         JOIN polling_stations p ON p.id = r.station_id
        WHERE r.id = $1 AND r.state = 'certified'`,
      [recountId],
    );
    if (!row || !row.recount) return null;
    const exists: { leaf_index: string | null }[] = await this.txHost.tx.query(
      `SELECT leaf_index FROM public_records WHERE kind = 'recount' AND reference = $1`,
      [row.id],
    );
    if (exists.length > 0) return Number(exists[0].leaf_index);
    const sheet = (s: PublicSheetRow | null) =>
      s && {
        source: s.source,
        version: s.version,
        registeredVoters: s.registered_voters,
        ballotsCast: s.ballots_cast,
        invalidBallots: s.invalid_ballots,
        validBallots: s.valid_ballots,
        votes: Object.fromEntries(row.party_codes.map((code, i) => [code, s.votes[i] ?? 0])),
      };
    const record = {
      kind: 'recount',
      reference: row.id,
      caseReference: row.reference,
      election: { code: row.election_code },
      station: { code: row.station_code, name: row.station_name, provinceCode: row.province_code },
      certifiedAt: new Date(row.certified_at).toISOString(),
      replaced: sheet(row.replaced),
      recount: sheet(row.recount),
    };
    await this.txHost.tx.query(
      `INSERT INTO public_records (kind, reference, case_id, election_id, election_code, area_codes, record, leaf,
                                   search_text, published_at)
       VALUES ('recount', $1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        row.id,
        row.case_id,
        row.election_id,
        row.election_code,
        [row.province_code],
        record,
        canonicalJson(record),
        `${row.reference} ${row.station_code} ${row.station_name}`,
        row.certified_at,
      ],
    );
    return this.appendToLog('recount', row.id, record);
  }

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly log: TransparencyLog,
  ) {}

  /**
   * The public record of the case's decision or, given `amendment`, of that published amendment: the
   * same record, of kind `amendment`, under its own reference (`KH-2017-CC-000001/A1`), naming the
   * decision it amends.
   */
  @Transactional(Propagation.Mandatory)
  async publish(
    caseId: string,
    amendment?: { decisionId: string; reference: string },
  ): Promise<{ reference: string; leafIndex: number } | null> {
    const kind = amendment ? 'amendment' : 'decision';
    const [row]: CaseRow[] = await this.txHost.tx.query(
      `SELECT c.id, c.election_id, c.reference, c.kind, c.category, c.title, c.description, c.incident_date::text,
              c.requested_remedy, c.complainant_kind, c.complainant_party_code, c.complainant_organisation,
              c.respondent_party_code, c.filed_at, c.late, c.province_codes,
              e.code AS e_code, e.name AS e_name, e.name_km AS e_name_km, e.kind AS e_kind,
              (SELECT coalesce(array_agg(p.code ORDER BY p.position), '{}') FROM parties p WHERE p.election_id = e.id) AS party_codes,
              d.outcome, d.findings, d.reasoning, d.legal_basis, d.remedies, d.proposed_at, d.approved_at, d.published_at,
              (SELECT a.reference FROM public_records a JOIN decisions o ON o.id = d.amends_id
                WHERE a.case_id = o.case_id AND a.kind = 'decision') AS amends
         FROM cases c JOIN elections e ON e.id = c.election_id
         JOIN decisions d ON d.case_id = c.id AND ${amendment ? 'd.id = $2' : 'd.amends_id IS NULL'}
        WHERE c.id = $1 AND d.published_at IS NOT NULL`,
      amendment ? [caseId, amendment.decisionId] : [caseId],
    );
    if (!row) return null;
    const reference = amendment?.reference ?? row.reference;
    const already: { leaf_index: string }[] = await this.txHost.tx.query(
      `SELECT leaf_index FROM public_records WHERE kind = $1 AND reference = $2`,
      [kind, reference],
    );
    if (already.length > 0) return { reference, leafIndex: Number(already[0].leaf_index) };

    const timeline: { action: string; from_state: string; to_state: string; at: Date }[] = await this.txHost.tx.query(
      `SELECT action, from_state, to_state, at FROM audit_entries
        WHERE subject_type = 'case' AND subject_id = $1 AND action = ANY($2::text[]) ORDER BY seq`,
      [caseId, [...CASE_ACTIONS]],
    );
    const stations: {
      code: string;
      name: string;
      commune_code: string;
      province_code: string;
      sheets: SheetSnapshot[];
    }[] = await this.txHost.tx.query(
      `SELECT p.code, p.name, p.commune_code, p.province_code, ${SHEETS_JSON} AS sheets
           FROM case_stations l JOIN polling_stations p ON p.id = l.station_id
          WHERE l.case_id = $1 ORDER BY p.code`,
      [caseId],
    );
    const evidence: {
      file_name: string;
      media_type: string;
      size: string;
      sha256: string;
      description: string | null;
    }[] = await this.txHost.tx.query(
      `SELECT file_name, media_type, size, sha256, description FROM case_evidence
          WHERE case_id = $1 AND public ORDER BY created_at, id`,
      [caseId],
    );
    const record = buildDecisionRecord({
      reference,
      election: { code: row.e_code, name: row.e_name, nameKm: row.e_name_km, kind: row.e_kind },
      partyCodes: row.party_codes,
      case: {
        kind: row.kind,
        category: row.category,
        title: row.title,
        description: row.description,
        incidentDate: row.incident_date,
        requestedRemedy: row.requested_remedy,
        complainantKind: row.complainant_kind,
        complainantPartyCode: row.complainant_party_code,
        complainantOrganisation: row.complainant_organisation,
        respondentPartyCode: row.respondent_party_code,
        filedAt: row.filed_at,
        late: row.late,
        provinceCodes: row.province_codes,
      },
      decision: {
        outcome: row.outcome,
        findings: row.findings,
        reasoning: row.reasoning,
        legalBasis: row.legal_basis,
        remedies: row.remedies,
        proposedAt: row.proposed_at,
        approvedAt: row.approved_at,
        publishedAt: row.published_at,
        // The original's public record is the case's reference.
        amends: amendment ? (row.amends ?? row.reference) : null,
      },
      timeline: timeline.map((t) => ({ action: t.action, from: t.from_state, to: t.to_state, at: t.at })),
      stations: stations.map((s) => {
        const official = currentOfficial(s.sheets);
        return {
          code: s.code,
          name: s.name,
          communeCode: s.commune_code,
          provinceCode: s.province_code,
          sheets: s.sheets.map((sheet) => ({ ...sheet, isCurrentOfficial: official?.sheetId === sheet.sheetId })),
        };
      }),
      evidence: evidence.map((e) => ({
        fileName: e.file_name,
        mediaType: e.media_type,
        size: Number(e.size),
        sha256: e.sha256,
        description: e.description,
      })),
    });
    const leaf = canonicalJson(record);
    const searchText = searchTextOf(record);
    await this.txHost.tx.query(
      `INSERT INTO public_records
         (kind, reference, case_id, election_id, election_code, outcome, category, area_codes, record, leaf,
          search_text, search, published_at)
       VALUES ($13, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
               setweight(to_tsvector('english', coalesce($11, '')), 'A') || to_tsvector('english', $10) || to_tsvector('simple', $10), $12)`,
      [
        reference,
        caseId,
        row.election_id,
        row.e_code,
        row.outcome,
        row.category,
        row.province_codes,
        record,
        leaf,
        searchText,
        row.title,
        row.published_at,
        kind,
      ],
    );
    const leafIndex = await this.appendToLog(kind, reference, record);
    return { reference, leafIndex };
  }
}
