import Markdown from 'react-markdown';
import type { Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { safeHref } from '../lib/safe-href';

/** Markdown becomes React elements only; images in Markdown stay links (no remote loads). */
const components: Components = {
  a: ({ href, children }) => {
    const safe = safeHref(href);
    return safe ? (
      <a href={safe} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    );
  },
};

/**
 * Message text with basic Markdown (emphasis, code, lists, quotes, links; GFM autolinks and
 * strike-through) through react-markdown. SECURITY: raw HTML in the text is escaped (shown as
 * typed), never parsed; there is no dangerouslySetInnerHTML anywhere; `img` is not allowed.
 */
export function MessageContent({ text }: { text: string }) {
  return (
    <Markdown
      remarkPlugins={[remarkGfm]}
      components={components}
      disallowedElements={['img']}
      unwrapDisallowed
    >
      {text}
    </Markdown>
  );
}
