/** A list of string literals for a CHECK constraint (`'a', 'b'`); only for the code's own constants. */
export const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** A user's text as an ILIKE "contains" pattern: its own %, _ and \ match literally. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
