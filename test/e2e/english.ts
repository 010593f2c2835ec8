import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';

type Messages = { [key: string]: string | Messages };

/**
 * The client's locale files, read at run time: a literal import would bring the client's sources
 * (DOM types, the typed GraphQL documents) into the server's type check.
 */
async function locale(name: 'en' | 'nb' | 'sv'): Promise<Messages> {
  const file = pathToFileURL(path.resolve(`client/src/locales/${name}.ts`)).href;
  return ((await import(file)) as Record<string, Messages>)[name];
}

function* strings(m: Messages): Generator<string> {
  for (const v of Object.values(m)) {
    if (typeof v === 'string') yield v;
    else yield* strings(v);
  }
}

/** Words of a text, lower-cased: letters, with inner apostrophes and hyphens. */
export const wordsOf = (text: string): string[] =>
  (text.match(/\p{L}+(?:['’-]\p{L}+)*/gu) ?? []).map((w) => w.toLowerCase());

/** A locale string without its placeholders ({{name}}), markup and examples of Markdown syntax. */
const prose = (s: string) =>
  s
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\[[^\]]*\]\([^)]*\)/g, ' ');

/**
 * Words of English that happen to be Norwegian or Swedish words too, or names the app shows in any
 * language: on a Norwegian or Swedish screen they prove nothing.
 */
const SHARED = new Set(['samverka', 'markdown', 'cpv', 'ocds', 'eforms', 'teams', 'mail', 'e-mail', 'admin', 'test']);

/**
 * The words of the English interface that no Norwegian or Swedish string uses: seeing one on a
 * Norwegian or Swedish screen means a string was left in English (hard-coded, or missing from that
 * language's locale file), whatever screen it is on.
 */
export async function englishWords(): Promise<Set<string>> {
  const [en, nb, sv] = await Promise.all([locale('en'), locale('nb'), locale('sv')]);
  const theirs = new Set([...strings(nb), ...strings(sv)].flatMap((s) => wordsOf(prose(s))));
  const english = new Set<string>();
  for (const s of strings(en)) {
    for (const w of wordsOf(prose(s))) {
      // Two-letter words ("to", "in", "is") are Norwegian or Swedish words as well.
      if (w.length >= 3 && /^[a-z'’-]+$/.test(w) && !theirs.has(w) && !SHARED.has(w)) english.add(w);
    }
  }
  return english;
}

/**
 * The text a person meets on the page, in the page's language: visible text (including text for
 * screen readers only and select options), the accessible names given in attributes, and the
 * document title. Text marked as another language (`lang`, e.g. a language's own name) is left out,
 * as a screen reader would switch to that language for it, and so are codes marked to stay as they
 * are in every language (`translate="no"`, e.g. time zone identifiers), and addresses (e-mail
 * addresses and domains). Collapsed parts (<details>) are opened
 * first, so their forms are read too.
 */
export async function pageText(page: Page): Promise<string> {
  // A string, as the test's type check knows no DOM.
  const text = (await page.evaluate(`(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    const lang = document.documentElement.lang.split('-')[0];
    const sameLanguage = (el) => {
      if (el.closest('[translate="no"]')) return false;
      const marked = el.closest('[lang]');
      return !marked || marked.getAttribute('lang').split('-')[0] === lang;
    };
    const out = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || !sameLanguage(el)) continue;
      if (el.closest('select') || el.checkVisibility({ visibilityProperty: true })) out.push(node.textContent);
    }
    for (const el of document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
      if (!sameLanguage(el)) continue;
      for (const a of ['aria-label', 'placeholder', 'title', 'alt']) out.push(el.getAttribute(a) || '');
    }
    return out.join('\\n');
  })()`)) as string;
  return text.replace(/\S+@\S+|[\w-]+(?:\.[\w-]+)+/g, ' ');
}

/** The English words found in `text`, each with a little of the text around its first occurrence. */
export function englishIn(text: string, english: Set<string>): string[] {
  const found = new Map<string, string>();
  for (const m of text.matchAll(/\p{L}+(?:['’-]\p{L}+)*/gu)) {
    const w = m[0].toLowerCase();
    if (!english.has(w) || found.has(w)) continue;
    const at = m.index ?? 0;
    found.set(w, `"${m[0]}" in "…${text.slice(Math.max(0, at - 40), at + m[0].length + 40).replace(/\s+/g, ' ')}…"`);
  }
  return [...found.values()];
}
