/** Formats shared by the create and update bodies. */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
export const PARTY_CODE = /^[A-Z0-9][A-Z0-9_-]{0,15}$/;
export const AREA_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
export const PASSWORD_MIN = 10;
