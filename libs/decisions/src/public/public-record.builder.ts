/*
 * The public record of a decision, built in one place so that redaction has one place to be
 * right (DOMAIN.md: a voter-complainant's identity, non-public evidence and internal notes never
 * leave). It takes only what may be published: the caller loads those fields and nothing else,
 * and this function copies field by field, never spreading a row.
 */

export interface RecordInput {
  reference: string;
  election: { code: string; name: string; nameKm: string | null; kind: string };
  partyCodes: string[];
  case: {
    kind: string;
    category: string;
    title: string | null;
    description: string | null;
    incidentDate: string | null;
    requestedRemedy: string | null;
    complainantKind: string;
    complainantPartyCode: string | null;
    complainantOrganisation: string | null;
    respondentPartyCode: string | null;
    filedAt: Date | null;
    late: boolean;
    provinceCodes: string[];
  };
  decision: {
    outcome: string;
    findings: string;
    reasoning: string;
    legalBasis: string[];
    remedies: { kind: string; stationCodes: string[]; figures?: unknown }[];
    proposedAt: Date | null;
    approvedAt: Date | null;
    publishedAt: Date;
    amends: string | null;
  };
  timeline: { action: string; from: string | null; to: string | null; at: Date }[];
  stations: {
    code: string;
    name: string;
    communeCode: string;
    provinceCode: string;
    sheets: PublicSheet[];
  }[];
  evidence: { fileName: string; mediaType: string; size: number; sha256: string; description: string | null }[];
}

export interface PublicSheet {
  source: string;
  version: number;
  registeredVoters: number;
  ballotsCast: number;
  invalidBallots: number;
  validBallots: number;
  votes: number[];
  findings: string[];
  isCurrentOfficial: boolean;
  certified: boolean;
}

export function buildDecisionRecord(input: RecordInput): Record<string, unknown> {
  const c = input.case;
  const d = input.decision;
  return {
    kind: d.amends ? 'amendment' : 'decision',
    reference: input.reference,
    election: {
      code: input.election.code,
      name: input.election.name,
      nameKm: input.election.nameKm,
      kind: input.election.kind,
    },
    case: {
      kind: c.kind,
      category: c.category,
      title: c.title,
      description: c.description,
      incidentDate: c.incidentDate,
      requestedRemedy: c.requestedRemedy,
      // A voter is named by no field: only parties and organisations are public complainants.
      complainant:
        c.complainantKind === 'party'
          ? { kind: 'party', partyCode: c.complainantPartyCode }
          : c.complainantKind === 'observer'
            ? { kind: 'observer', organisation: c.complainantOrganisation }
            : { kind: 'voter' },
      respondentPartyCode: c.respondentPartyCode,
      filedAt: c.filedAt?.toISOString() ?? null,
      late: c.late,
      provinceCodes: [...c.provinceCodes],
    },
    decision: {
      outcome: d.outcome,
      findings: d.findings,
      reasoning: d.reasoning,
      legalBasis: [...d.legalBasis],
      remedies: d.remedies.map((r) => ({ kind: r.kind, stationCodes: [...r.stationCodes] })),
      proposedAt: d.proposedAt?.toISOString() ?? null,
      approvedAt: d.approvedAt?.toISOString() ?? null,
      publishedAt: d.publishedAt.toISOString(),
      amends: d.amends,
    },
    // Steps and their times only: the fields of a step (messages, assignees) are not public.
    timeline: input.timeline.map((t) => ({ action: t.action, from: t.from, to: t.to, at: t.at.toISOString() })),
    linkedStations: input.stations.map((s) => ({
      stationCode: s.code,
      stationName: s.name,
      communeCode: s.communeCode,
      provinceCode: s.provinceCode,
      sheets: s.sheets.map((sheet) => ({
        source: sheet.source,
        version: sheet.version,
        registeredVoters: sheet.registeredVoters,
        ballotsCast: sheet.ballotsCast,
        invalidBallots: sheet.invalidBallots,
        validBallots: sheet.validBallots,
        votes: Object.fromEntries(input.partyCodes.map((code, i) => [code, sheet.votes[i] ?? 0])),
        findings: [...sheet.findings],
        isCurrentOfficial: sheet.isCurrentOfficial,
      })),
    })),
    evidence: input.evidence.map((e) => ({
      fileName: e.fileName,
      mediaType: e.mediaType,
      size: e.size,
      sha256: e.sha256,
      description: e.description,
    })),
  };
}

/** Every searchable word of the record, Khmer and English alike. */
export function searchTextOf(record: Record<string, unknown>): string {
  const c = record.case as Record<string, unknown>;
  const d = record.decision as Record<string, unknown>;
  return [record.reference, c.title, c.description, d.findings, d.reasoning, ...(d.legalBasis as string[])]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .join('\n');
}
