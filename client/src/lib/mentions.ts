/**
 * @mentions in rendered messages. A message stores whom it mentions (`mentions`, user ids the
 * server checked); its text carries `@Name` as the composer wrote it. This rehype plugin finds
 * those names in the rendered text (never inside code or links) and wraps each in an element:
 * `<mark class="mention mention-you">` for the reader (with words for screen readers, since a
 * highlight is not announced), `<span class="mention">` for anyone else. Only people the message
 * really mentions are marked: an `@word` typed by hand stays plain text.
 */

/** Someone a message mentions. */
export interface Mentioned {
  id: string;
  displayName: string;
}

export interface MentionOptions {
  people: readonly Mentioned[];
  /** The reader, whose mentions stand out. */
  viewerId: string | null | undefined;
  /** Read after the reader's own mention by screen readers, e.g. " (you)". */
  youText: string;
}

// The few hast shapes the plugin touches (the full types are react-markdown's own business).
interface HText {
  type: 'text';
  value: string;
}
interface HElement {
  type: 'element';
  tagName: string;
  properties: Record<string, unknown>;
  children: HNode[];
}
type HNode = HText | HElement | { type: 'root' | 'comment' | 'doctype' | 'raw'; children?: HNode[] };

/** Not looked into: code is quoted text, and a link's text is the link's. */
const SKIP = new Set(['code', 'pre', 'a', 'kbd', 'samp']);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What `@` may be followed by for each person: the whole name (what the composer inserts) and,
 * failing that, its leading words ("@Mona" for Mona Medlem), longest first. A shortened form two
 * people share names neither.
 */
function names(people: readonly Mentioned[]): Map<string, Mentioned> {
  const full = new Map<string, Mentioned>();
  const short = new Map<string, Mentioned | null>();
  for (const p of people) {
    const name = p.displayName.trim();
    if (!name) continue;
    full.set(name.toLowerCase(), p);
    const words = name.split(/\s+/);
    for (let n = words.length - 1; n >= 1; n--) {
      const key = words.slice(0, n).join(' ').toLowerCase();
      const seen = short.get(key);
      short.set(key, seen === undefined || seen?.id === p.id ? p : null);
    }
  }
  const all = new Map(full);
  for (const [key, p] of short) if (p && !all.has(key)) all.set(key, p);
  return all;
}

/** The rehype plugin (pass it to react-markdown as `[rehypeMentions, options]`). */
export function rehypeMentions(options: MentionOptions) {
  return (tree: HNode) => {
    const byName = names(options.people);
    if (byName.size === 0) return;
    const alternatives = [...byName.keys()].sort((a, b) => b.length - a.length).map(escape);
    // `@` at the start or after something that is not part of a word, and the name not running on.
    const pattern = new RegExp(`(^|[^\\p{L}\\p{N}_@])@(${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');

    const split = (text: string): HNode[] | null => {
      const out: HNode[] = [];
      let last = 0;
      for (const m of text.matchAll(pattern)) {
        const start = m.index + m[1].length;
        const person = byName.get(m[2].toLowerCase());
        if (!person) continue;
        if (start > last) out.push({ type: 'text', value: text.slice(last, start) });
        const label: HText = { type: 'text', value: `@${m[2]}` };
        out.push(
          person.id === options.viewerId
            ? {
                type: 'element',
                tagName: 'mark',
                properties: { className: ['mention', 'mention-you'], dataMention: person.id },
                children: [
                  label,
                  {
                    type: 'element',
                    tagName: 'span',
                    properties: { className: ['visually-hidden'] },
                    children: [{ type: 'text', value: options.youText }],
                  },
                ],
              }
            : {
                type: 'element',
                tagName: 'span',
                properties: { className: ['mention'], dataMention: person.id },
                children: [label],
              },
        );
        last = start + label.value.length;
      }
      if (last === 0) return null;
      if (last < text.length) out.push({ type: 'text', value: text.slice(last) });
      return out;
    };

    const walk = (node: HNode) => {
      if (!('children' in node) || !node.children) return;
      if (node.type === 'element' && SKIP.has(node.tagName)) return;
      const next: HNode[] = [];
      for (const child of node.children) {
        const parts = child.type === 'text' ? split(child.value) : null;
        if (parts) next.push(...parts);
        else {
          walk(child);
          next.push(child);
        }
      }
      node.children = next;
    };
    walk(tree);
  };
}

/** Whether the message mentions the reader. */
export const mentionsViewer = (people: readonly Mentioned[], viewerId: string | null | undefined) =>
  !!viewerId && people.some((p) => p.id === viewerId);
