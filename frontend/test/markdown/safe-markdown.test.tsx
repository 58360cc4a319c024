import { render } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { SafeMarkdown, decodeEntities, safeHref } from '../../src/markdown/safe-markdown.js';

function renderMarkdown(text: string) {
  const { container } = render(
    <SafeMarkdown
      text={text}
      renderCitation={(n, key) => (
        <button type="button" key={key} data-cite={n}>
          {n}
        </button>
      )}
    />,
  );
  return container;
}

describe('SafeMarkdown renders answers and documents inert', () => {
  test.each([
    ['a script block', '<script>window.__xss = 2</script>', '<script>window.__xss = 2</script>'],
    ['an inline script', 'See <script>alert(1)</script> here', '<script>alert(1)</script>'],
    ['an img with onerror', 'Text <img src=x onerror="window.__xss=1"> more', '<img src=x onerror="window.__xss=1">'],
    ['an html block with onerror', '<div onerror="alert(1)">hi</div>', '<div onerror="alert(1)">hi</div>'],
    ['an iframe', '<iframe src="https://example.com"></iframe>', '<iframe src="https://example.com"></iframe>'],
    ['an svg onload', '<svg onload=alert(1)>', '<svg onload=alert(1)>'],
  ])('%s shows as text', (_name, markdown, visible) => {
    // prepare + act
    const container = renderMarkdown(markdown);

    // assess
    expect(container.querySelector('script, img, iframe, svg, [onerror], [onload]')).toBeNull();
    expect(container.textContent).toContain(visible);
  });

  test.each([
    ['javascript:', '[click](javascript:alert(1))'],
    ['JavaScript: with spaces', '[click]( JavaScript:alert(1) )'],
    ['data:', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['vbscript:', '[click](vbscript:msgbox)'],
    ['a relative path', '[click](/api/documents)'],
    ['an autolink to javascript:', '<javascript:alert(1)>'],
  ])('a %s link becomes plain text', (_name, markdown) => {
    const container = renderMarkdown(markdown);

    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toContain(markdown.includes('[click]') ? 'click' : 'javascript:alert(1)');
  });

  test('an http link opens in a new tab without access to this page', () => {
    const container = renderMarkdown('Read [the guide](https://example.com/guide).');

    const link = container.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://example.com/guide');
    expect(link?.getAttribute('rel')).toContain('noopener');
    expect(link?.getAttribute('target')).toBe('_blank');
  });

  test('an image becomes its alt text and loads nothing', () => {
    const container = renderMarkdown('![a tracking pixel](https://tracker.example/p.gif)');

    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('a tracking pixel');
  });

  test('markdown structure renders as elements', () => {
    const container = renderMarkdown('# Title\n\nSome **bold** and `code`.\n\n- one\n- two\n\n1. first\n2. second');

    expect(container.querySelector('h3')?.textContent).toBe('Title');
    expect(container.querySelector('strong')?.textContent).toBe('bold');
    expect(container.querySelector('code')?.textContent).toBe('code');
    expect(container.querySelectorAll('ul li')).toHaveLength(2);
    expect(container.querySelectorAll('ol li')).toHaveLength(2);
  });

  test('citation markers, single and grouped, become citation elements', () => {
    const container = renderMarkdown('Uploads become jobs [1]. Deleting removes chunks [2, 3].');

    const markers = [...container.querySelectorAll('[data-cite]')].map((el) => el.getAttribute('data-cite'));
    expect(markers).toEqual(['1', '2', '3']);
    expect(container.textContent).not.toContain('[1]');
  });

  test('a run of markers stays on the line of the word before it', () => {
    const container = renderMarkdown('Files stay local. [1] [2]');

    const run = container.querySelector('.cite-run');
    expect(run?.textContent).toBe('local.\u00a012');
    expect(run?.querySelectorAll('[data-cite]')).toHaveLength(2);
    expect(container.textContent).toBe('Files stay local.\u00a012');
  });

  test('a marker inside code stays literal', () => {
    const container = renderMarkdown('Use `items[1]` here.');

    expect(container.querySelector('[data-cite]')).toBeNull();
    expect(container.querySelector('code')?.textContent).toBe('items[1]');
  });
});

describe('safeHref', () => {
  test.each([
    ['https://example.com/a?b=1', 'https://example.com/a?b=1'],
    ['http://example.com', 'http://example.com/'],
    ['mailto:team@example.com', 'mailto:team@example.com'],
    ['javascript:alert(1)', undefined],
    ['JAVASCRIPT:alert(1)', undefined],
    ['java\tscript:alert(1)', undefined],
    ['data:text/html,hi', undefined],
    ['//evil.example/x', undefined],
    ['relative/path', undefined],
  ])('%s → %s', (href, expected) => {
    expect(safeHref(href)).toBe(expected);
  });
});

describe('decodeEntities', () => {
  test.each([
    ['A &amp; B', 'A & B'],
    ['&lt;script&gt;', '<script>'],
    ['&#60;b&#x3E;', '<b>'],
    ['&bogus; stays', '&bogus; stays'],
    ['&#0; stays', '&#0; stays'],
  ])('%s → %s', (input, expected) => {
    expect(decodeEntities(input)).toBe(expected);
  });

  test('decoded markup is still only text', () => {
    const container = renderMarkdown('&lt;img src=x onerror=alert(1)&gt;');

    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('<img src=x onerror=alert(1)>');
  });
});
