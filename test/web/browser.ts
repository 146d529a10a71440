import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { caseWorld, CaseWorld, closeWorld } from '../support/case-fixtures';
import { createTestEnvironment, destroyTestEnvironment, PASSWORD, TestEnvironment } from '../support/test-app';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '../../test-artifacts/web');

/** Builds the web app into dist/web when no build is there (CI builds it before `npm test`). */
export function ensureWebBuild(): void {
  if (existsSync(join(__dirname, '../../dist/web/index.html'))) return;
  execFileSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'error'], {
    cwd: join(__dirname, '../..'),
    stdio: 'inherit',
  });
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Keeps a full-page screenshot of the step as a test artefact. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The case world served over real HTTP, and a browser to visit it with. */
export interface BrowserWorld {
  env: TestEnvironment;
  world: CaseWorld;
  browser: Browser;
  baseUrl: string;
}

export async function openBrowserWorld(electionCode: string): Promise<BrowserWorld> {
  ensureWebBuild();
  // First: without a browser the suite fails before an app, its relay and its database exist to outlive it.
  const browser = await launch();
  try {
    const env = await createTestEnvironment();
    const world = await caseWorld(env, electionCode);
    await world.api.app.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${(world.api.app.getHttpServer().address() as AddressInfo).port}`;
    return { env, world, browser, baseUrl };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export async function closeBrowserWorld(w: BrowserWorld | undefined): Promise<void> {
  if (!w) return;
  await w.browser.close().catch(() => undefined);
  await closeWorld(w.world);
  await destroyTestEnvironment(w.env);
}

/** A new browser context in English, signed in as `username` when one is given. */
export async function browserSession(
  { browser, baseUrl }: BrowserWorld,
  username?: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${baseUrl}/`);
  await page.evaluate(() => localStorage.setItem('recourse.lang', 'en'));
  if (username) {
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`Signed in as ${username}`).waitFor();
  }
  return { context, page };
}
