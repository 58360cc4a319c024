import { parseMarkdown, stripInlineMarkup } from '#core/parsing/markdown-parser.js';

describe('parseMarkdown', () => {
  test('ATX and setext headings build the heading path', () => {
    const markdown = [
      '# Guía de usuario',
      '',
      'Introducción breve.',
      '',
      'Instalación',
      '-----------',
      '',
      'Ejecuta el instalador.',
      '',
      '### Requisitos ###',
      '',
      'Node 20.',
      '',
      'Uso',
      '===',
      '',
      'Abre la aplicación.',
    ].join('\n');

    const document = parseMarkdown('guia.md', markdown);

    expect(document.title).toBe('Guía de usuario');
    expect(document.sections).toEqual([
      { headingPath: ['Guía de usuario'], text: 'Introducción breve.' },
      { headingPath: ['Guía de usuario', 'Instalación'], text: 'Ejecuta el instalador.' },
      { headingPath: ['Guía de usuario', 'Instalación', 'Requisitos'], text: 'Node 20.' },
      { headingPath: ['Uso'], text: 'Abre la aplicación.' },
    ]);
    expect(document.metadata.headings).toBe(4);
  });

  test('code fences are kept as text and their "# lines" are not headings', () => {
    const markdown = '# Build\n\n```bash\n# install\nnpm ci\n```\n\nDone.';

    const document = parseMarkdown('build.md', markdown);

    expect(document.sections).toEqual([{ headingPath: ['Build'], text: '# install\nnpm ci\n\nDone.' }]);
  });

  test('an unclosed fence runs to the end of the file', () => {
    const document = parseMarkdown('x.md', 'Text\n\n~~~\ncode *here*');

    expect(document.sections[0]!.text).toBe('Text\n\ncode *here*');
  });

  test('front matter is dropped and its title wins', () => {
    const document = parseMarkdown('post.md', '---\ntitle: "Release notes"\ndate: 2024-01-01\n---\n# v2\n\nFaster.');

    expect(document.title).toBe('Release notes');
    expect(document.sections).toEqual([{ headingPath: ['v2'], text: 'Faster.' }]);
  });

  test('list items, quotes, tables and rules read as paragraphs without markers', () => {
    const markdown = [
      'Intro',
      '- first item',
      '* second item',
      '1. third item',
      '- [x] done task',
      '',
      '> quoted line',
      '',
      '| Name | Value |',
      '| ---- | :---: |',
      '| a    | 1     |',
      '',
      '***',
      '[ref]: https://example.com',
      'After',
    ].join('\n');

    const document = parseMarkdown('x.md', markdown);

    expect(document.sections[0]!.text.split('\n\n')).toEqual([
      'Intro',
      'first item',
      'second item',
      'third item',
      'done task',
      'quoted line',
      'Name | Value\na | 1',
      'After',
    ]);
  });

  test('a "---" after a list item is a rule, not a setext heading', () => {
    const document = parseMarkdown('x.md', '- item\n---\ntext');

    expect(document.sections).toEqual([{ headingPath: [], text: 'item\n\ntext' }]);
  });

  test('HTML comments are removed, even unterminated ones', () => {
    expect(parseMarkdown('x.md', 'a <!-- hidden --> b').sections[0]!.text).toBe('a  b');
    expect(parseMarkdown('x.md', 'kept\n\n<!-- never closed\nlost').sections[0]!.text).toBe('kept');
  });

  test('a document without an H1 is titled by its file name', () => {
    expect(parseMarkdown('docs/setup-guide.md', '## Steps\n\nRun it.').title).toBe('setup-guide');
  });

  test('whitespace and markup only yields no sections', () => {
    expect(parseMarkdown('x.md', '   \n\n---\n\n<br>\n').sections).toEqual([]);
  });
});

describe('stripInlineMarkup', () => {
  test.each([
    ['**bold** and *italic* and _under_ and ~~gone~~', 'bold and italic and under and gone'],
    ['***both*** at once', 'both at once'],
    ['snake_case_name and 2 * 3 * 4 stay', 'snake_case_name and 2 * 3 * 4 stay'],
    ['see [the docs](https://example.com/docs "Docs") now', 'see the docs now'],
    ['![a diagram](img/d.png) here', 'a diagram here'],
    ['[![badge](b.svg)](https://ci)', 'badge'],
    ['a [reference link][ref] here', 'a reference link here'],
    ['use `npm ci` first', 'use npm ci first'],
    ['visit <https://example.com> today', 'visit https://example.com today'],
    ['text <span class="x">inside</span> tags<br/>', 'text inside tags'],
    ['\\*not emphasis\\* and \\[not a link\\](x)', '*not emphasis* and [not a link](x)'],
    ['Fish &amp; chips &lt;3 &#233;t&#xE9;', 'Fish & chips <3 été'],
    ['(*aside*)', '(aside)'],
    ['a footnote[^1] stays', 'a footnote[^1] stays'],
  ])('%s', (input, expected) => {
    expect(stripInlineMarkup(input)).toBe(expected);
  });

  test('stays fast on pathological input', () => {
    const input = '['.repeat(50_000) + '*_'.repeat(50_000) + '<a'.repeat(50_000);

    const output = stripInlineMarkup(input);

    expect(output.length).toBeGreaterThan(0);
  });
});
