import type { AuthenticatedUser } from '@app/identity';
import type { Case } from '../case.entity';
import type { Actor } from '../workflow/case-workflow';

/*
 * Who sees a case (DOMAIN.md "Roles"): the complainant's side always; the respondent party from
 * registration on; officers and adjudicators the filed cases of their jurisdiction. Nobody else —
 * for them the case does not exist (404). The predicate exists twice, for one case in memory and
 * for lists in SQL; test/cases-visibility.e2e-spec.ts holds them to the same answers.
 */

type VisibleFields = Pick<
  Case,
  'state' | 'complainantKind' | 'complainantPartyCode' | 'complainantOrganisation' | 'respondentPartyCode'
> & { filedAt: Date | null; registeredAt: Date | null; provinceCodes: string[] };

export function isComplainantSide(c: VisibleFields, user: AuthenticatedUser): boolean {
  if (user.role === 'party_agent') return c.complainantKind === 'party' && c.complainantPartyCode === user.partyCode;
  if (user.role === 'observer') {
    return c.complainantKind === 'observer' && c.complainantOrganisation === user.organisation;
  }
  return false;
}

export function isRespondentSide(c: VisibleFields, user: AuthenticatedUser): boolean {
  return (
    user.role === 'party_agent' &&
    c.respondentPartyCode !== null &&
    c.respondentPartyCode === user.partyCode &&
    c.registeredAt !== null
  );
}

export function isCaseworker(user: AuthenticatedUser): boolean {
  return user.role === 'officer' || user.role === 'adjudicator';
}

/** A national caseworker has no jurisdiction; a provincial one sees the cases touching its province. */
export function inJurisdiction(c: Pick<VisibleFields, 'provinceCodes'>, jurisdiction: string | null): boolean {
  return jurisdiction === null || c.provinceCodes.includes(jurisdiction);
}

export function canSeeCase(c: VisibleFields, user: AuthenticatedUser): boolean {
  if (isComplainantSide(c, user) || isRespondentSide(c, user)) return true;
  // Caseworkers see what was filed: never a draft, nor a draft withdrawn before filing.
  return isCaseworker(user) && c.filedAt !== null && inJurisdiction(c, user.jurisdiction);
}

/** The caller as the workflow table sees it. */
export function actorFor(c: VisibleFields, user: AuthenticatedUser): Actor {
  return {
    id: user.id,
    role: user.role,
    isComplainant: isComplainantSide(c, user),
    isRespondent: isRespondentSide(c, user),
  };
}

/**
 * The same rule as SQL over the `cases` alias `c`, for lists. `param` adds a bound parameter and
 * returns its placeholder.
 */
export function visibleCasesSql(user: AuthenticatedUser, param: (value: unknown) => string): string {
  switch (user.role) {
    case 'party_agent': {
      const party = param(user.partyCode);
      return `((c.complainant_kind = 'party' AND c.complainant_party_code = ${party})
               OR (c.respondent_party_code = ${party} AND c.registered_at IS NOT NULL))`;
    }
    case 'observer':
      return `(c.complainant_kind = 'observer' AND c.complainant_organisation = ${param(user.organisation)})`;
    case 'officer':
    case 'adjudicator':
      return user.jurisdiction === null
        ? `c.filed_at IS NOT NULL`
        : `(c.filed_at IS NOT NULL AND c.province_codes @> ARRAY[${param(user.jurisdiction)}]::text[])`;
    default:
      return 'false';
  }
}
