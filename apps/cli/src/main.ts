import { parseArgs } from 'node:util';
import { ConfigurationError, loadEnvironment } from '@app/platform';
import { CliError } from './cli-error';
import { auditVerify } from './commands/audit-verify.command';
import { firstRunHint } from './commands/first-run-hint';
import { importFile } from './commands/import.command';
import { logVerify } from './commands/log-verify.command';
import { migrate } from './commands/migrate.command';
import { seedDemo } from './commands/seed-demo.command';
import { startAll } from './commands/start-all.command';
import { userCreate } from './commands/user-create.command';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                      create the database if missing and apply pending migrations
  user:create --username U --password P --role R [--party CODE] [--organisation NAME]
              [--jurisdiction AREA] [--display-name NAME] [--email ADDRESS]
                               create an account (roles: party_agent, observer, officer, adjudicator, admin;
                               no --jurisdiction means national)
  import --election CODE --kind stations|seats|sheets [--source S] FILE
                               import a CSV file here, with a progress bar (sources for sheets:
                               official_preliminary, official_final, observer, party:CODE);
                               exit 0 when it succeeded, 1 when it failed
  seed:demo [--stations N]     load the SYNTHETIC demo election DEMO-KH-CC on Cambodia's real communes
                               (N stations per commune, default 14: about 23,000 stations)
  audit:verify [--case REFERENCE | --subject ID]
                               recompute every hash of the audit trail (all of it, one case's or one
                               subject's); exit 0 when intact, 1 naming each broken entry
  log:verify --url URL [--state FILE] [--skip-records]
                               verify a transparency log over HTTP: the checkpoint's signature, every
                               leaf against the signed root, consistency with the checkpoint saved in
                               FILE (rewritten on success) and every leaf against its public record;
                               exit 0 when intact, 1 naming what was altered or removed
  start                        migrate, then run one api and one worker (what \`npm start\` does)
`;

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const env = loadEnvironment();
  switch (command) {
    case 'migrate':
      parseArgs({ args: rest, options: {}, strict: true });
      await migrate(env, log);
      return 0;
    case 'user:create': {
      const { values } = parseArgs({
        args: rest,
        strict: true,
        options: {
          username: { type: 'string' },
          password: { type: 'string' },
          role: { type: 'string' },
          party: { type: 'string' },
          organisation: { type: 'string' },
          jurisdiction: { type: 'string' },
          'display-name': { type: 'string' },
          email: { type: 'string' },
        },
      });
      await userCreate(values, log, () => migrate(env, () => undefined));
      return 0;
    }
    case 'import': {
      const { values, positionals } = parseArgs({
        args: rest,
        strict: true,
        allowPositionals: true,
        options: { election: { type: 'string' }, kind: { type: 'string' }, source: { type: 'string' } },
      });
      if (positionals.length > 1) throw new CliError('Import one file at a time.');
      return importFile({ ...values, file: positionals[0] }, log, () => migrate(env, () => undefined));
    }
    case 'seed:demo': {
      const { values } = parseArgs({ args: rest, strict: true, options: { stations: { type: 'string' } } });
      await seedDemo(values, log, () => migrate(env, () => undefined));
      return 0;
    }
    case 'audit:verify': {
      const { values } = parseArgs({
        args: rest,
        strict: true,
        options: { case: { type: 'string' }, subject: { type: 'string' } },
      });
      return auditVerify(values, log);
    }
    case 'log:verify': {
      const { values } = parseArgs({
        args: rest,
        strict: true,
        options: { url: { type: 'string' }, state: { type: 'string' }, 'skip-records': { type: 'boolean' } },
      });
      return logVerify(values, log);
    }
    case 'start':
      parseArgs({ args: rest, options: {}, strict: true });
      await migrate(env, log);
      log(await firstRunHint(env));
      return startAll(log);
    default:
      throw new CliError(`Unknown command "${command}". Run \`npm run cli -- help\`.`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof CliError || error instanceof ConfigurationError;
    const parseError = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(
      `recourse: ${known || parseError ? (error as Error).message : String((error as Error).stack ?? error)}\n`,
    );
    process.exit(known || parseError ? 2 : 1);
  },
);
