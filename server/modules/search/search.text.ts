import type { Nodes, Parents } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

// Blocks are separated by a line break so that ts_headline never glues the last word of one
// paragraph to the first of the next; inline nodes run on.
const BLOCKS = new Set([
  'paragraph',
  'heading',
  'blockquote',
  'list',
  'listItem',
  'table',
  'tableRow',
  'code',
  'thematicBreak',
  'footnoteDefinition',
]);

function collect(node: Nodes, out: string[]): void {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
      out.push(node.value);
      break;
    case 'image':
    case 'imageReference':
      if (node.alt) out.push(node.alt);
      break;
    case 'break':
      out.push('\n');
      break;
    case 'tableCell':
      out.push(' ');
      break;
    // Raw HTML, link definitions and the like say nothing a reader looks for in a snippet.
    case 'html':
    case 'definition':
      return;
  }
  if ('children' in node) for (const child of (node as Parents).children) collect(child, out);
  if (BLOCKS.has(node.type)) out.push('\n');
}

/**
 * The words of a markdown text as a reader sees them, without the markup: `**Skolene** i
 * [regionen](https://...)` becomes `Skolene i regionen`. Search snippets are cut from this, so a
 * snippet never shows asterisks, brackets or link targets.
 */
export function markdownToPlainText(markdown: string): string {
  const out: string[] = [];
  collect(fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }), out);
  return out
    .join('')
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}
