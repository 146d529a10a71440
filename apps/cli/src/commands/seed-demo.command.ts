import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { ElectionsService } from '@app/elections';
import { DEMO_PARTIES, ImportRunner, ImportsService, parseKhAreas, syntheticElection } from '@app/results';
import { CliError } from '../cli-error';
import { CliResultsModule } from '../cli-results.module';

export const DEMO_ELECTION = 'DEMO-KH-CC';

/** data/kh-areas.csv at the project's root, found from the sources or from dist/ alike. */
function areasFile(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'data', 'kh-areas.csv');
    if (existsSync(candidate)) return candidate;
  }
  throw new CliError('data/kh-areas.csv is missing from this installation.');
}

/**
 * `seed:demo`: a clearly labelled SYNTHETIC commune election on Cambodia's real provinces, districts
 * and communes, loaded through the same imports as real files: stations, seats, official sheets,
 * observers' copies (disagreeing at about 7% of stations) and one party's copies.
 */
export async function seedDemo(
  options: { stations?: string },
  log: (line: string) => void,
  prepareDatabase: () => Promise<void>,
): Promise<void> {
  const perCommune = Number(options.stations ?? '14');
  if (!Number.isInteger(perCommune) || perCommune < 1 || perCommune > 50) {
    throw new CliError('--stations must be a whole number of stations per commune, 1 to 50.');
  }
  await prepareDatabase();
  const app = await NestFactory.createApplicationContext(CliResultsModule, { logger: ['error'] });
  const dir = await mkdtemp(join(tmpdir(), 'recourse-demo-'));
  try {
    const elections = app.get(ElectionsService);
    if (await elections.find(DEMO_ELECTION).catch(() => null)) {
      log(`The demo election ${DEMO_ELECTION} is already loaded.`);
      return;
    }
    await elections.create({
      code: DEMO_ELECTION,
      name: 'DEMO — synthetic commune council election (not real results)',
      nameKm: 'សាកល្បង — ការបោះឆ្នោតក្រុមប្រឹក្សាឃុំ សង្កាត់ (មិនមែនលទ្ធផលពិត)',
      kind: 'commune_council',
      pollingDate: '2017-06-04',
      seatMethod: 'dhondt',
      contestLevel: 'commune',
      parties: DEMO_PARTIES.map((p) => ({ ...p })),
    });
    const files = syntheticElection(parseKhAreas(await readFile(areasFile(), 'utf8')), perCommune);
    const steps: [string, Record<string, string>, string[]][] = [
      ['stations', { kind: 'stations' }, files.stations],
      ['seats', { kind: 'seats' }, files.seats],
      ['official sheets', { kind: 'sheets', source: 'official_preliminary' }, files.official],
      ['observer sheets', { kind: 'sheets', source: 'observer' }, files.observer],
      ['CNRP sheets', { kind: 'sheets', source: 'party:CNRP' }, files.partyCopy],
    ];
    for (const [label, fields, lines] of steps) {
      const path = join(dir, `${label.replace(/\W+/g, '-')}.csv`);
      await writeFile(path, `${lines.join('\n')}\n`);
      const id = await app.get(ImportsService).acceptLocalFile(DEMO_ELECTION, fields, path);
      const status = await app.get(ImportRunner).run(id);
      if (status !== 'succeeded')
        throw new CliError(`The demo ${label} import ${status}; see GET /api/v1/imports/${id}.`);
      log(`Loaded ${lines.length - 1} ${label}.`);
    }
    await elections.update(DEMO_ELECTION, {
      status: 'complaints_open',
      preliminaryResultsAt: new Date().toISOString(),
    });
    const { planted } = files;
    log(
      `Demo election ${DEMO_ELECTION} loaded (synthetic): ${planted.stations} stations, observers disagree at ` +
        `${planted.observerDisagreements}, ${planted.invalidClusters} communes with many invalid ballots, ` +
        `${planted.arithmeticErrors} official sheets that do not add up.`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
    await app.close();
  }
}
