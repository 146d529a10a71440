import { Role } from './role';

/** Who is calling, as guards and services see it (loaded fresh from the database per request). */
export interface AuthenticatedUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  partyCode: string | null;
  organisation: string | null;
  jurisdiction: string | null;
}
