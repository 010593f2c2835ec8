import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { rehypeMentions, type MentionOptions } from '../lib/mentions';

/**
 * Markdown from other users, rendered safely: react-markdown builds React elements from the syntax
 * tree and never renders raw HTML, and its URL filter drops javascript: and other unsafe links.
 * `mentions`: the people a message mentions, marked where the text names them (lib/mentions.ts).
 */
export function Markdown({
  children,
  className,
  mentions,
}: {
  children: string;
  className?: string;
  mentions?: MentionOptions;
}) {
  return (
    <div className={['markdown', className].filter(Boolean).join(' ')}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={mentions && mentions.people.length ? [[rehypeMentions, mentions]] : []}
        skipHtml
        components={{
          // Links lead away from the app: a new tab, without handing it our window.
          a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer nofollow" />,
          // Headings inside user text must not break the page's heading outline.
          h1: ({ node: _node, ...props }) => <p className="markdown-heading" {...props} />,
          h2: ({ node: _node, ...props }) => <p className="markdown-heading" {...props} />,
          h3: ({ node: _node, ...props }) => <p className="markdown-heading" {...props} />,
        }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
