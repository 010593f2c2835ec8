import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM } from './chromium.js';
import { watchPage } from './failure-report.js';

export { CHROMIUM, hasChromium } from './chromium.js';

export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** On a phone (PHONE) nothing may scroll sideways. */
export async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  expect(width, `${screen} is wider than the ${PHONE.width} px screen`).toBeLessThanOrEqual(PHONE.width);
}

/**
 * A page in a browser context of its own (its own cookies: one person), whose script errors are
 * printed under `who`, so an app failure shows in the test output and not only as a missing element.
 */
export async function openPage(
  browser: Browser,
  who: string,
  options: { viewport?: { width: number; height: number }; locale: string },
): Promise<Page> {
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP, locale: options.locale });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[${who}'s page] ${err.message}`));
  watchPage(page, who);
  return page;
}

/**
 * Headless Chromium. Playwright's launch() gives it a fresh temporary profile (user-data-dir) of
 * its own each time, removed on close. The flags keep it from reaching the network on its own
 * (updates, sync, QUIC probes) and from needing a GPU or a sandbox in a container.
 */
export async function launchChromium(): Promise<Browser> {
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

/**
 * Waits for the page's finite animations (a dialog's 300 ms fade-in) to end, so a check sees what
 * the user sees once it settles: axe measures colour contrast with the current opacity, and a
 * half-faded dialog fails it. Endless ones (spinners) are not waited for.
 */
export async function settleAnimations(page: Page): Promise<void> {
  await page.evaluate(
    `Promise.all(document.getAnimations()
       .filter((a) => Number.isFinite(a.effect ? a.effect.getComputedTiming().endTime : Infinity))
       .map((a) => a.finished.catch(() => undefined)))`,
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await settleAnimations(page);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * The serious and critical violations axe-core (WCAG 2.0/2.1 A and AA rules) finds on the page as it
 * is, one line each naming the rule and the elements. Injected through the DevTools protocol, so
 * the app's Content-Security-Policy stays in force.
 */
export async function severeViolations(page: Page): Promise<string[]> {
  await settleAnimations(page);
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axeSource);
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
       .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
         nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`,
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Fails on any serious or critical axe-core violation on the page (`severeViolations`). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  expect(await severeViolations(page), `axe on ${screen}`).toEqual([]);
}
