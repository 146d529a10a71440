/** A failure the user can fix: printed as one line, exit code 2, no stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
