/** The roles of DOMAIN.md "Roles". The public needs no account. */
export const ROLES = ['party_agent', 'observer', 'officer', 'adjudicator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
