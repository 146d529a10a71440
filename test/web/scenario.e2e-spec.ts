/// <reference lib="dom" />
import { Page } from 'playwright-core';
import { CaseWorld, DECISION_DRAFT } from '../support/case-fixtures';
import { browserSession, BrowserWorld, closeBrowserWorld, openBrowserWorld, shot } from './browser';

/*
 * The web pages in Debian's Chromium, against the real api and worker: a party agent files a case,
 * an officer and an adjudicator work it to a published decision, and the public finds it by a
 * Khmer word and verifies it on the transparency page. Screenshots land in test-artifacts/web/.
 */
const KHMER_WORD = 'សន្លឹកឆ្នោត';

jest.setTimeout(180_000);

describe('the web pages in a real browser', () => {
  let w: BrowserWorld;
  let world: CaseWorld;
  let baseUrl: string;
  let reference: string;

  beforeAll(async () => {
    w = await openBrowserWorld('KH-WEB-CC');
    ({ world, baseUrl } = w);
  });

  afterAll(() => closeBrowserWorld(w));

  const session = (username?: string) => browserSession(w, username);

  const act = async (page: Page, action: string, fill?: (page: Page) => Promise<void>) => {
    const button = page.locator(`[data-testid="allowed-actions"] button[data-action="${action}"]`);
    await button.click();
    if (fill) {
      await fill(page);
      await page
        .getByRole('form', { name: new RegExp(action === 'assign' ? 'Assign' : '.') })
        .getByRole('button', { name: 'Submit' })
        .click();
    }
    await page.getByRole('status').filter({ hasText: 'Done' }).waitFor();
  };

  it('serves the app at / and deep links, and keeps unknown /api routes a 404 problem', async () => {
    const root = await fetch(`${baseUrl}/`);
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toMatch(/text\/html/);
    expect((await fetch(`${baseUrl}/decisions/ANY-REF`)).status).toBe(200);
    const unknown = await fetch(`${baseUrl}/api/v1/no-such-thing`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await fetch(`${baseUrl}/assets/no-such-file.js`)).status).toBe(404);
  });

  it('a party files a case, an officer works it to a published decision, the public finds and verifies it', async () => {
    // 1. The party agent files a complaint step by step.
    const agent = await session(world.cnrp.username);
    const a = agent.page;
    await a.getByRole('link', { name: 'File a complaint' }).click();
    await a.getByLabel('Category').selectOption('result_sheet_discrepancy');
    await shot(a, '01-agent-step1');
    await a.getByRole('button', { name: 'Next' }).click();
    await a.getByLabel('Province').selectOption('12');
    await a.getByLabel('District').selectOption('1201');
    await a.getByLabel('Commune').selectOption('120101');
    await a.getByLabel(/S01 — /).check();
    await a.getByLabel(/S02 — /).check();
    await a.locator('table.side-by-side').first().waitFor();
    await shot(a, '02-agent-stations-and-sheets');
    await a.getByRole('button', { name: 'Next' }).click();
    await a.getByLabel('Title').fill('CNRP votes undercounted at Wat Lanka');
    await a
      .getByLabel('What happened')
      .fill(`Our agents copied 180 CNRP votes at S01; the official sheet shows 150. ការរាប់${KHMER_WORD}ខុស។`);
    await a.getByLabel('Date of the incident').fill('2017-06-04');
    await a.getByLabel('Respondent party (optional)').selectOption('CPP');
    await a.getByRole('button', { name: 'Next' }).click();
    await shot(a, '03-agent-review');
    await a.getByRole('button', { name: 'Submit' }).click();
    const filed = a.locator('[data-reference]');
    await filed.waitFor();
    reference = (await filed.getAttribute('data-reference'))!;
    expect(reference).toMatch(/^KH-WEB-CC-\d+$/);
    await a.locator('input[type=file]').setInputFiles({
      name: 'copy-of-sheet.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('S01 CNRP 180\n'.repeat(2000)),
    });
    await a.getByRole('button', { name: 'Upload' }).click();
    await a.getByText('Uploaded: copy-of-sheet.txt').waitFor();
    expect(await a.locator('progress[data-progress]').getAttribute('data-progress')).toBe('1');
    await shot(a, '04-agent-filed-evidence');
    await agent.context.close();

    // 2. The officer registers, assigns, drafts the decision and proposes it.
    const officer = await session(world.officer.username);
    const o = officer.page;
    await o.getByRole('heading', { name: 'Work queue' }).waitFor(); // signing in leads to the queue
    await o.getByRole('link', { name: reference }).click();
    await o.locator('[data-state="filed"]').waitFor(); // the case page's, not the queue row's "filed"
    const buttons = async () =>
      o
        .locator('[data-testid="allowed-actions"] button')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    const viewed = await world.api.http.get(`/api/v1/cases/${reference}`).set(world.officer.headers);
    expect(await buttons()).toEqual(viewed.body.allowedActions);
    await shot(o, '05-officer-case-filed');
    await act(o, 'register');
    await act(o, 'assign', async (p) => p.getByLabel('Assignee (username)').fill(world.officer.username));
    await o.getByLabel('Findings of fact').fill(DECISION_DRAFT.findings);
    await o.getByLabel('Reasoning (full sentences)').fill(`${DECISION_DRAFT.reasoning} ${KHMER_WORD} ត្រូវបានរាប់ឡើងវិញ។`);
    await o.getByLabel('Legal basis (one article per line)').fill('LEC Art. 113');
    await o.getByLabel('Stations for recount (comma-separated)').fill('S01');
    await o.getByRole('button', { name: 'Save' }).click();
    await o.getByText('Decision draft saved.').waitFor();
    await shot(o, '06-officer-decision-draft');
    await act(o, 'propose_decision');
    await officer.context.close();

    // 3. An adjudicator other than the proposer approves and publishes.
    const adjudicator = await session(world.adjudicator.username);
    const j = adjudicator.page;
    await j.goto(`${baseUrl}/cases/${reference}`);
    await act(j, 'approve');
    await act(j, 'publish');
    await j.locator('[data-state="published"]').waitFor();
    await shot(j, '07-adjudicator-published');
    await adjudicator.context.close();

    // 4. The public, in Khmer, finds it by a Khmer word, reads it and verifies it.
    const pub = await session();
    const p = pub.page;
    await p.getByRole('button', { name: 'ខ្មែរ' }).click();
    expect(await p.evaluate(() => document.documentElement.lang)).toBe('km');
    for (let i = 0; i < 60; i++) {
      await p.goto(`${baseUrl}/?q=${encodeURIComponent(KHMER_WORD)}`);
      await p.locator('.cards, [role=search]').first().waitFor();
      if (await p.getByRole('link', { name: 'CNRP votes undercounted at Wat Lanka' }).count()) break;
      await p.waitForTimeout(250);
    }
    await shot(p, '08-public-search-khmer');
    await p.getByRole('link', { name: 'CNRP votes undercounted at Wat Lanka' }).click();
    await p.getByRole('heading', { name: 'ហេតុផល' }).waitFor();
    expect(await p.locator('td[data-differs]').count()).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < 60 && !(await p.getByRole('link', { name: 'ផ្ទៀងផ្ទាត់កំណត់ត្រានេះ' }).count()); i++) {
      await p.waitForTimeout(250);
      await p.reload();
      await p.getByRole('heading', { name: 'ហេតុផល' }).waitFor();
    }
    await shot(p, '09-public-decision-khmer');
    await p.getByRole('link', { name: 'ផ្ទៀងផ្ទាត់កំណត់ត្រានេះ' }).click();
    await p.getByRole('button', { name: 'ផ្ទៀងផ្ទាត់បញ្ជីឥឡូវនេះ' }).click();
    await p.locator('[data-verified]').waitFor();
    expect(await p.locator('[data-verified]').getAttribute('data-verified')).toBe('true');
    expect(await p.locator('[data-step][data-ok="true"]').count()).toBe(6);
    await shot(p, '10-public-transparency-verified');
    await pub.context.close();
  });

  it('switches language, and remembers it', async () => {
    const { context, page } = await session();
    await page.goto(`${baseUrl}/stats`);
    await page.getByRole('heading', { name: 'Statistics' }).waitFor();
    await page.getByRole('button', { name: 'ខ្មែរ' }).click();
    await page.getByRole('heading', { name: 'ស្ថិតិ' }).waitFor();
    expect(await page.getByRole('button', { name: 'ខ្មែរ' }).getAttribute('aria-pressed')).toBe('true');
    await page.reload();
    await page.getByRole('heading', { name: 'ស្ថិតិ' }).waitFor();
    // The Khmer webfont is loaded and used, not a fallback's boxes.
    expect(await page.evaluate(() => document.fonts.check('16px "Noto Sans Khmer"', 'ស្ថិតិ'))).toBe(true);
    await shot(page, '11-stats-khmer');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Statistics' }).waitFor();
    await context.close();
  });

  it('searches with the keyboard only, with a visible focus', async () => {
    const { context, page } = await session();
    await page.goto(`${baseUrl}/`);
    let focused = '';
    for (let i = 0; i < 25 && focused !== 'q'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? '');
    }
    expect(focused).toBe('q');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');
    await page.keyboard.type('Wat Lanka');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=Wat/);
    await page.getByRole('link', { name: 'CNRP votes undercounted at Wat Lanka' }).waitFor();
    await page.keyboard.press('Tab');
    await shot(page, '12-keyboard-search');
    await context.close();
  });
});
