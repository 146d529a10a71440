import { FieldError } from '@app/platform';

/** The sources of DOMAIN.md "Result sheets", as the result_sheets_source constraint spells them. */
export const SHEET_SOURCE = /^(official_preliminary|official_final|observer|recount|party:[A-Z0-9][A-Z0-9_-]{0,15})$/;

/** Sources a file may bring; `recount` figures are entered by officers, never imported. */
export const IMPORTABLE_SOURCE = /^(official_preliminary|official_final|observer|party:[A-Z0-9][A-Z0-9_-]{0,15})$/;

/** A `party:<CODE>` source must name one of the election's parties; the form is checked by the patterns. */
export function unknownPartySource(source: string, partyCodes: string[], electionCode: string): FieldError | null {
  const party = source.startsWith('party:') ? source.slice('party:'.length) : null;
  return party !== null && !partyCodes.includes(party)
    ? { field: 'source', message: `${party} is not a party of election ${electionCode}` }
    : null;
}
