/// <reference lib="dom" />
import { getDataSourceToken } from '@nestjs/typeorm';
import { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { act as apiAct, CaseWorld, fileCase } from '../support/case-fixtures';
import { SHEET_HEADER, SHEET_ROWS } from '../support/import-fixtures';
import { csv } from '../support/imports';
import { browserSession, BrowserWorld, closeBrowserWorld, openBrowserWorld, shot } from './browser';

/*
 * The rest of the web pages' workflows in Debian's Chromium, against the real api and worker:
 * information requests, the queue (sorts, overdue, bulk actions, duplicates and merge), imports
 * with live progress, recount entry, notes, and the results and statistics views.
 */
jest.setTimeout(180_000);

describe('the web workflows in a real browser', () => {
  let w: BrowserWorld;
  let world: CaseWorld;
  let baseUrl: string;

  beforeAll(async () => {
    w = await openBrowserWorld('KH-WEB-WF');
    ({ world, baseUrl } = w);
  });

  afterAll(() => closeBrowserWorld(w));

  const session = (username?: string) => browserSession(w, username);

  /** Retries `read` until it equals `expected` (or 10 s pass), then asserts. */
  const eventually = async <T>(read: () => Promise<T>, expected: T) => {
    let value = await read();
    for (let i = 0; i < 40 && JSON.stringify(value) !== JSON.stringify(expected); i++) {
      await new Promise((r) => setTimeout(r, 250));
      value = await read();
    }
    expect(value).toEqual(expected);
  };

  const actionButton = (page: Page, action: string) =>
    page.locator(`[data-testid="allowed-actions"] button[data-action="${action}"]`);

  /** Clicks an allowed action, fills its form if it has one, and waits for the case to reload. */
  const act = async (page: Page, action: string, fill?: (form: ReturnType<Page['getByRole']>) => Promise<void>) => {
    await actionButton(page, action).click();
    if (fill) {
      const form = page.locator('form[data-action-form]');
      await fill(form as unknown as ReturnType<Page['getByRole']>);
      await form.getByRole('button', { name: 'Submit' }).click();
    }
    await page.getByRole('status').filter({ hasText: 'Done' }).waitFor();
  };

  /** A filed case taken to under_review (registered, assigned to the officer) through the API. */
  const underReview = async (overrides: Record<string, unknown> = {}) => {
    const filed = await fileCase(world, world.cnrp, overrides);
    for (const [action, fields] of [
      ['register', {}],
      ['assign', { assignee: world.officer.username }],
    ] as const) {
      const res = await apiAct(world, world.officer, filed.reference, action, fields);
      if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return filed.reference;
  };

  it('an officer asks for information; the party answers it from its case page; the case is back under review', async () => {
    const reference = await underReview({ title: 'Information please' });
    const officer = await session(world.officer.username);
    const o = officer.page;
    await o.goto(`${baseUrl}/cases/${reference}`);
    await o.locator('[data-state="under_review"]').waitFor();
    await act(o, 'request_information', (f) => f.getByLabel('Message').fill('Please send the photo of the S01 sheet.'));
    await o.locator('[data-state="awaiting_information"]').waitFor();
    await shot(o, 'wf-01-officer-requested-information');

    const agent = await session(world.cnrp.username);
    const a = agent.page;
    await a.getByRole('link', { name: 'My cases' }).click();
    await a.locator(`tr[data-reference="${reference}"]`).getByText('awaiting information').waitFor();
    await shot(a, 'wf-02-agent-my-cases');
    await a.getByRole('link', { name: reference }).click();
    await a.locator('[data-state="awaiting_information"]').waitFor();
    await act(a, 'provide_information', (f) => f.getByLabel('Message').fill('The photo is attached as evidence.'));
    await a.locator('[data-state="under_review"]').waitFor();
    await shot(a, 'wf-03-agent-provided-information');
    await agent.context.close();

    await o.reload();
    await o.locator('[data-state="under_review"]').waitFor();
    await o.getByText('provide information', { exact: false }).first().waitFor();
    await shot(o, 'wf-04-officer-back-under-review');
    await officer.context.close();
  });

  it('the queue sorts by materiality and by deadline, highlights overdue cases, runs bulk actions and merges duplicates', async () => {
    const one = await fileCase(world, world.cnrp, { title: 'Bulk one', stationCodes: ['S03'] });
    const two = await fileCase(world, world.cnrp2, { title: 'Bulk two', stationCodes: ['S03'] });
    const late = await fileCase(world, world.cnrp, { title: 'Long overdue', stationCodes: ['S04'] });
    await world.worker
      .get<DataSource>(getDataSourceToken())
      .query('UPDATE cases SET overdue = true WHERE reference = $1', [late.reference]);

    const officer = await session(world.officer.username);
    const o = officer.page;
    await o.getByRole('heading', { name: 'Work queue' }).waitFor();
    const order = () =>
      o.locator('tbody tr[data-reference]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-reference')));
    const apiOrder = async (sort: string) =>
      (await world.api.http.get(`/api/v1/cases?sort=${sort}&limit=200`).set(world.officer.headers)).body.items.map(
        (c: { reference: string | null; id: string }) => c.reference ?? c.id,
      );

    await o.getByLabel('Sort by').selectOption('materiality');
    await eventually(order, await apiOrder('materiality'));
    await shot(o, 'wf-05-queue-by-materiality');
    await o.getByLabel('Sort by').selectOption('deadline');
    await eventually(order, await apiOrder('deadline'));
    const overdueRow = o.locator(`tr[data-reference="${late.reference}"]`);
    expect(await overdueRow.getAttribute('class')).toContain('overdue');
    await overdueRow.getByText('Overdue', { exact: true }).waitFor();
    await shot(o, 'wf-06-queue-by-deadline-overdue');

    await o.getByLabel(`Select ${one.reference}`).check();
    await o.getByLabel(`Select ${two.reference}`).check();
    await o.getByLabel(/^Action/).selectOption('register');
    await o.getByRole('button', { name: 'Apply to selected' }).click();
    const results = o.locator('[data-testid="bulk-results"]');
    await results.locator(`[data-reference="${one.reference}"][data-status="200"]`).waitFor();
    await results.locator(`[data-reference="${two.reference}"][data-status="200"]`).waitFor();
    await shot(o, 'wf-07-queue-bulk-register');

    // The second case shares S03 with the first: listed as a duplicate, and merged into it.
    await o.goto(`${baseUrl}/cases/${two.reference}`);
    await o.locator('[data-state="registered"]').waitFor();
    const duplicates = o.getByRole('region', { name: 'Possible duplicates' });
    await duplicates.getByRole('link', { name: one.reference }).waitFor();
    await shot(o, 'wf-08-duplicates');
    await duplicates.getByRole('button', { name: `Merge this case into ${one.reference}` }).click();
    await o.locator('[data-state="merged"]').waitFor();
    await shot(o, 'wf-09-merged');
    await officer.context.close();
    const merged = await world.api.http.get(`/api/v1/cases/${two.reference}`).set(world.officer.headers);
    expect(merged.body.state).toBe('merged');
  });

  it('an admin uploads a sheets file and watches the import reach succeeded with its counts', async () => {
    const rows = [
      // An observer's copy of S01 and S02: S01 differs from the official sheet by 30 CNRP votes.
      SHEET_ROWS[0].map((v, i) => (i === 6 ? 362 : i === 7 ? 180 : v)),
      SHEET_ROWS[1],
      ['S99', ...SHEET_ROWS[1].slice(1)],
    ];
    const admin = await session(world.admin.username);
    const p = admin.page;
    await p.getByRole('link', { name: 'Imports' }).click();
    await p.getByLabel('Election').selectOption(world.electionCode);
    await p.getByLabel('Kind of file').selectOption('sheets');
    await p.getByLabel('Source of the sheets').fill('observer');
    await p.getByLabel('File', { exact: true }).setInputFiles({
      name: 'observer-sheets.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv([SHEET_HEADER, ...rows])),
    });
    await p.getByRole('button', { name: 'Import', exact: true }).click();
    await p.locator('[data-status="succeeded"]').waitFor({ timeout: 60_000 });
    await p.getByText('2 accepted, 1 rejected of 3 rows').waitFor();
    await p.getByRole('table', { name: 'Rejected rows' }).getByText('S99').waitFor();
    await shot(p, 'wf-10-import-succeeded');
    await admin.context.close();
  });

  it('a recount is ordered, scheduled, entered and certified, with the difference shown', async () => {
    const reference = await underReview({ title: 'Recount S01', stationCodes: ['S01'] });
    const officer = await session(world.officer.username);
    const o = officer.page;
    await o.goto(`${baseUrl}/cases/${reference}`);
    await act(o, 'order_recount', (f) => f.getByLabel('S01').check());
    const recount = o.locator('[data-recount="S01"]');
    await recount.locator('[data-state="ordered"]').waitFor();
    await recount.getByLabel('When').fill('2017-06-10T09:00');
    await recount.getByLabel('Where').fill('Wat Lanka commune hall');
    await recount.getByRole('button', { name: 'Schedule' }).click();
    await recount.locator('[data-state="scheduled"]').waitFor();
    // Entered as the election's wall-clock time (Asia/Phnom_Penh), whatever the browser's zone.
    await recount.getByText('Scheduled for 10 Jun 2017, 09:00 GMT+7, Wat Lanka commune hall').waitFor();
    await recount.getByLabel('Registered voters').fill('500');
    await recount.getByLabel('Ballots cast').fill('400');
    await recount.getByLabel('Invalid ballots').fill('8');
    await recount.getByLabel('Valid ballots', { exact: true }).fill('392');
    await recount.getByLabel(/^Votes by party/).fill('CPP=170, CNRP=180, FUN=42');
    await recount.getByRole('button', { name: 'Enter figures' }).click();
    await recount.locator('[data-state="counted"]').waitFor();
    await recount.locator('[data-field="CNRP"][data-difference="30"]').waitFor();
    await recount.locator('[data-field="CPP"][data-difference="-30"]').waitFor();
    expect(await recount.getByRole('button', { name: 'Certify' }).count()).toBe(0); // officers do not certify
    await shot(o, 'wf-11-recount-counted');
    await officer.context.close();

    const adjudicator = await session(world.adjudicator.username);
    const j = adjudicator.page;
    await j.goto(`${baseUrl}/cases/${reference}`);
    const r = j.locator('[data-recount="S01"]');
    await r.getByRole('button', { name: 'Certify' }).click();
    await r.locator('[data-state="certified"]').waitFor();
    await r.locator('[data-field="CNRP"][data-difference="30"]').waitFor();
    await shot(j, 'wf-12-recount-certified');
    // The same entry in Khmer: the new texts are in the Khmer catalogue, figures unchanged.
    await j.getByRole('button', { name: 'ខ្មែរ' }).click();
    await r.getByRole('table', { name: 'ភាពខុសគ្នាពីសន្លឹកដែលវាជំនួស' }).waitFor();
    await r.getByRole('columnheader', { name: 'ភាពខុសគ្នា', exact: true }).waitFor();
    await r.getByText('កំណត់ពេលនៅ', { exact: false }).waitFor();
    await shot(j, 'wf-12b-recount-certified-khmer');
    await adjudicator.context.close();
  });

  it('a note to the complainant and an internal note: the party sees only the first', async () => {
    const reference = await underReview({ title: 'Notes', stationCodes: ['S06'] });
    const officer = await session(world.officer.username);
    const o = officer.page;
    await o.goto(`${baseUrl}/cases/${reference}`);
    const notes = o.getByRole('region', { name: 'Notes and messages' });
    await notes.getByLabel('Note').fill('We have asked the commune for the posted sheet.');
    await notes.getByLabel('Visible to').selectOption('complainant');
    await notes.getByRole('button', { name: 'Add note' }).click();
    await notes.getByText('We have asked the commune for the posted sheet.').waitFor();
    await notes.getByLabel('Note').fill('Internal: the commune chief is the candidate’s brother.');
    await notes.getByLabel('Visible to').selectOption('internal');
    await notes.getByRole('button', { name: 'Add note' }).click();
    await notes
      .getByText('Internal: the commune chief')
      .waitFor({ timeout: 5000 })
      .catch(async (e) => {
        await shot(o, 'wf-13-debug');
        throw e;
      });
    await shot(o, 'wf-13-officer-notes');
    await officer.context.close();

    const agent = await session(world.cnrp.username);
    const a = agent.page;
    await a.goto(`${baseUrl}/cases/${reference}`);
    const seen = a.getByRole('region', { name: 'Notes and messages' });
    await seen.getByText('We have asked the commune for the posted sheet.').waitFor();
    expect(await a.getByText('Internal: the commune chief').count()).toBe(0);
    await shot(a, 'wf-14-agent-notes');
    await agent.context.close();
  });

  it('the results views and the statistics render the fixture election’s numbers', async () => {
    const pub = await session();
    const p = pub.page;
    await p.goto(`${baseUrl}/results`);
    await p.getByLabel('Election').selectOption(world.electionCode);
    await p.getByLabel(/^Province/).selectOption('12');
    const rates = p.getByRole('region', { name: 'Match rate by province' });
    await rates.locator('[data-area="12"]').waitFor();
    const triggers = p.getByRole('region', { name: 'Recount triggers' });
    await triggers.locator('tbody tr').first().waitFor();
    const units = p.getByRole('region', { name: 'Contest units' });
    await units.locator('[data-area="120101"]').waitFor();
    expect(await units.locator('[data-area="120101"]').textContent()).toMatch(/\d/);
    await shot(p, 'wf-15-results');

    await p.goto(`${baseUrl}/stats`);
    await p.getByRole('heading', { name: 'Statistics' }).waitFor();
    await p.getByLabel('Election').selectOption(world.electionCode);
    await p.locator('svg[role="img"]').first().waitFor();
    expect(await p.getByRole('main').textContent()).toMatch(/\d/);
    await shot(p, 'wf-16-stats');
    await pub.context.close();
  });
});
