/**
 * The file itself is unusable (not CSV, wrong encoding, a bad header…): the import fails as a
 * whole with this message in its report, and retrying cannot help.
 */
export class ImportFailure extends Error {
  override readonly name = 'ImportFailure';
}
