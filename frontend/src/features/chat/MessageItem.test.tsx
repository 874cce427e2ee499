import { render, screen } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { describe, expect, it } from 'vitest';
import { MessageList as RealMessageList } from './MessageList';
import type { ChatMessage } from './message-list';

type Props = ComponentProps<typeof RealMessageList>;

/** The list with no moderation rights and no-op actions unless a test gives them. */
function MessageList(
  props: Omit<Props, 'canModerate' | 'actions'> & Partial<Pick<Props, 'canModerate' | 'actions'>>,
) {
  return <RealMessageList canModerate={false} actions={{ onRetry: () => {} }} {...props} />;
}

function message(content: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: 'm-1',
    roomId: 'r',
    userId: 'u2',
    content,
    type: 'text',
    isEdited: false,
    createdAt: '2025-01-01T12:00:00Z',
    updatedAt: '2025-01-01T12:00:00Z',
    state: 'sent',
    ...extra,
  };
}

const me = { id: 'u1', username: 'me', avatarUrl: null };
const users = { u2: { id: 'u2', username: 'mallory<b>', avatarUrl: null } };

describe('message rendering is plain text', () => {
  it('shows HTML in a message as literal text and creates no elements from it', () => {
    const payload = '<img src=x onerror=alert(1)>';
    const { container } = render(
      <MessageList messages={[message(payload)]} users={users} me={me} />,
    );
    const item = screen.getByTestId('message-item');
    expect(screen.getByTestId('message-content').textContent).toBe(payload);
    expect(item.getAttribute('data-message-id')).toBe('m-1');
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    // The author name is text as well.
    expect(screen.getByText('mallory<b>')).toBeTruthy();
    expect(container.querySelector('b')).toBeNull();
  });

  it('does not execute or build script/iframe markup either', () => {
    const payload =
      '<script>window.__pwned = 1</script><iframe src="javascript:alert(1)"></iframe>';
    const { container } = render(
      <MessageList messages={[message(payload)]} users={users} me={me} />,
    );
    expect(container.querySelector('script, iframe')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    expect(screen.getByTestId('message-content').textContent).toBe(payload);
  });

  it('keeps newlines in the text (shown by white-space: pre-wrap)', () => {
    render(<MessageList messages={[message('line 1\nline 2')]} users={users} me={me} />);
    const content = screen.getByTestId('message-content');
    expect(content.textContent).toBe('line 1\nline 2');
    expect(content.querySelector('br')).toBeNull();
    expect(content.className).toContain('message-content');
  });

  it('renders basic Markdown as elements and only http(s) links', () => {
    const { container } = render(
      <MessageList
        messages={[
          message(
            '**bold** _it_ `code` see https://example.com/a and [x](javascript:alert(1)) ![i](https://e.com/i.png)',
          ),
        ]}
        users={users}
        me={me}
      />,
    );
    const content = screen.getByTestId('message-content');
    expect(content.querySelector('strong')?.textContent).toBe('bold');
    expect(content.querySelector('em')?.textContent).toBe('it');
    expect(content.querySelector('code')?.textContent).toBe('code');
    const links = [...content.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['https://example.com/a']);
    expect(container.querySelector('img')).toBeNull();
    expect(content.textContent).toContain('x');
  });

  it('marks pending and failed messages', () => {
    render(
      <MessageList
        messages={[
          message('a', { id: 'local:c1', clientMsgId: 'c1', state: 'pending', userId: 'u1' }),
          message('b', {
            id: 'local:c2',
            clientMsgId: 'c2',
            state: 'failed',
            userId: 'u1',
            error: 'Too Many Requests',
          }),
        ]}
        users={users}
        me={me}
      />,
    );
    const items = screen.getAllByTestId('message-item');
    expect(items.map((i) => i.getAttribute('data-state'))).toEqual(['pending', 'failed']);
    expect(screen.getByText('Sending…')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Too Many Requests');
    expect(screen.getByTestId('message-retry')).toBeTruthy();
  });

  it('does not turn a javascript: attachment URL into a link', () => {
    const { container } = render(
      <MessageList
        messages={[
          message('file', {
            type: 'file',
            attachment: {
              id: 'a',
              name: 'evil.html',
              size: 1,
              contentType: 'text/html',
              url: 'javascript:alert(1)',
            },
          }),
        ]}
        users={users}
        me={me}
      />,
    );
    expect(container.querySelector('a')).toBeNull();
    expect(screen.getByText(/evil\.html/)).toBeTruthy();
  });
});

describe('an empty room', () => {
  it('shows the empty text only while there are no messages', () => {
    const empty = 'No messages yet.';
    const { rerender } = render(
      <MessageList messages={[]} users={users} me={me} emptyText={empty} />,
    );
    expect(screen.getByText(empty)).toBeTruthy();
    rerender(<MessageList messages={[message('hi')]} users={users} me={me} emptyText={empty} />);
    expect(screen.queryByText(empty)).toBeNull();
  });
});

describe('mentions', () => {
  it('highlights a message that mentions me, and says so to screen readers', () => {
    render(
      <MessageList
        messages={[
          message('hi @me', { id: 'm-1', mentions: ['u1'] }),
          message('hi @other', { id: 'm-2', mentions: ['u3'] }),
        ]}
        users={users}
        me={me}
      />,
    );
    const [mine, other] = screen.getAllByTestId('message-item');
    expect(mine!.className).toContain('message-mentions-me');
    expect(mine!.textContent).toContain('mentions you');
    expect(other!.className).not.toContain('message-mentions-me');
  });
});
