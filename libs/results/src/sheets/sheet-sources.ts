import { createHash } from 'node:crypto';
import { FieldError } from '@app/platform';

/** An observer organisation's own source: `observer:<ORG>`, the organisation's name as a slug. */
const OBSERVER_ORG = 'observer:[A-Z0-9][A-Z0-9_-]{0,39}';
const PARTY = 'party:[A-Z0-9][A-Z0-9_-]{0,15}';

/** The sources of DOMAIN.md "Result sheets", as the result_sheets_source constraint spells them. */
export const SHEET_SOURCE = new RegExp(
  `^(official_preliminary|official_final|observer|recount|${PARTY}|${OBSERVER_ORG})$`,
);

/** Sources a file may bring; `recount` figures are entered by officers, never imported. */
export const IMPORTABLE_SOURCE = new RegExp(
  `^(official_preliminary|official_final|observer|${PARTY}|${OBSERVER_ORG})$`,
);

/** The words every source message uses. */
export const SOURCES_IN_WORDS = 'official_preliminary, official_final, observer, observer:<ORG>, party:<CODE>';

/**
 * The source of an observer organisation's sheets: `observer:` and its name upper-cased, accents
 * dropped, every run of other characters a hyphen, at most 40 characters ("Situation Room (KH)" →
 * `observer:SITUATION-ROOM-KH`). A name with no Latin letter or digit gets a stable hash instead.
 */
export function organisationSource(organisation: string): string {
  const slug = organisation
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const name =
    slug || `ORG-${createHash('sha256').update(organisation.trim()).digest('hex').slice(0, 12).toUpperCase()}`;
  return `observer:${name}`;
}

/** Whether a source is an observer's copy: the shared `observer`, or one organisation's. */
export const isObserverSource = (source: string) => source === 'observer' || source.startsWith('observer:');

/** A `party:<CODE>` source must name one of the election's parties; the form is checked by the patterns. */
export function unknownPartySource(source: string, partyCodes: string[], electionCode: string): FieldError | null {
  const party = source.startsWith('party:') ? source.slice('party:'.length) : null;
  return party !== null && !partyCodes.includes(party)
    ? { field: 'source', message: `${party} is not a party of election ${electionCode}` }
    : null;
}
