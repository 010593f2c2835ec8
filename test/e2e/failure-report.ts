import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/*
 * What each browser page showed when a test failed, printed with the failure: a timeout alone
 * ("waiting for … to be visible") says what was missing, not what was there instead. A rare
 * failure seen only in CI's log must carry what is needed to explain it.
 */

interface Watched {
  who: string;
  /** The page's last script errors, failed requests and refused GraphQL answers, oldest first. */
  trail: string[];
}

const KEEP = 20;
const watched = new Map<Page, Watched>();

const note = (w: Watched, line: string) => {
  w.trail.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
  if (w.trail.length > KEEP) w.trail.shift();
};

/** Keeps a trail of what went wrong on the page, for the report of a failed test. */
export function watchPage(page: Page, who: string): void {
  const w: Watched = { who, trail: [] };
  watched.set(page, w);
  page.on('close', () => watched.delete(page));
  page.on('pageerror', (err) => note(w, `script error: ${err.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') note(w, `console ${m.type()}: ${m.text().slice(0, 300)}`);
  });
  page.on('requestfailed', (r) => note(w, `request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400) note(w, `HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
    else if (r.url().endsWith('/graphql')) {
      void r
        .text()
        .then((body) => {
          if (body.includes('"errors"')) note(w, `GraphQL errors: ${body.slice(0, 300)}`);
        })
        .catch(() => undefined);
    }
  });
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) note(w, `navigated to ${f.url()}`);
  });
}

/** The page as the person sees it, in words: open forms with their values, messages, focus. */
const DESCRIBE = `(() => {
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const text = (el) => (el.innerText || el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 160);
  const label = (el) => (el.labels && el.labels[0] ? text(el.labels[0]) : el.getAttribute('aria-label') || el.name || el.id);
  const open = [...document.querySelectorAll('details[open]')].map((d) => {
    const summary = d.querySelector('summary');
    const fields = [...d.querySelectorAll('input, textarea, select')]
      .filter((f) => f.type !== 'hidden' && visible(f))
      .map((f) => label(f) + '=' + JSON.stringify(f.type === 'checkbox' ? f.checked : f.value).slice(0, 80));
    return (summary ? text(summary) : '(no summary)') + ' {' + fields.join(', ') + '}';
  });
  const messages = [...document.querySelectorAll('[role=alert], [role=status], [aria-live], .ds-validation-message')]
    .filter(visible).map(text).filter(Boolean);
  const active = document.activeElement;
  return {
    title: document.title,
    open,
    messages: [...new Set(messages)],
    focus: active ? active.tagName.toLowerCase() + ' ' + text(active).slice(0, 60) : null,
    spinners: document.querySelectorAll('[aria-label="Laster …"], [aria-busy=true]').length,
    scrollY: window.scrollY,
  };
})()`;

/** Prints each open page's state and trail, and saves its screenshot under test-results/failures. */
export async function reportPages(testName: string): Promise<void> {
  const dir = path.resolve('test-results/failures');
  for (const [page, w] of watched) {
    if (page.isClosed()) continue;
    const lines = [`[failure report] ${testName}: ${w.who}'s page at ${page.url()}`];
    try {
      const state = await Promise.race([
        page.evaluate(DESCRIBE),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no answer in 5 s')), 5000)),
      ]);
      lines.push(`  state: ${JSON.stringify(state)}`);
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${testName.replace(/[^\w-]+/g, '-').slice(0, 80)}-${w.who}.png`);
      await page.screenshot({ path: file, fullPage: true, timeout: 5000 });
      lines.push(`  screenshot: ${file}`);
    } catch (err) {
      lines.push(`  (could not read the page: ${(err as Error).message})`);
    }
    lines.push(...(w.trail.length ? w.trail.map((t) => `  ${t}`) : ['  (nothing went wrong on the page)']));
    console.error(lines.join('\n'));
  }
}
