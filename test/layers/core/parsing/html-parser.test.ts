import { parseHtml } from '#core/parsing/html-parser.js';
import { walkHtmlStructure } from '#core/parsing/html-structure.js';

describe('parseHtml', () => {
  test('headings build the heading path and <title> is the title', () => {
    const html = `<!doctype html><html><head><title>Manual &amp; Guide</title><style>p { color: red }</style></head>
      <body>
        <nav><a href="/">Home</a> | <a href="/docs">Docs</a></nav>
        <h1>Manual</h1><p>Welcome   to the
          manual.</p>
        <h2>Install</h2><p>Run <code>npm ci</code>.</p><script>track("view")</script>
        <h3>Linux</h3><p>Use apt.</p>
        <h2>Use</h2><p>Open it.</p>
      </body></html>`;

    const document = parseHtml('manual.html', html);

    expect(document.title).toBe('Manual & Guide');
    expect(document.sections).toEqual([
      { headingPath: ['Manual'], text: 'Welcome to the manual.' },
      { headingPath: ['Manual', 'Install'], text: 'Run npm ci.' },
      { headingPath: ['Manual', 'Install', 'Linux'], text: 'Use apt.' },
      { headingPath: ['Manual', 'Use'], text: 'Open it.' },
    ]);
    expect(document.metadata.headings).toBe(4);
  });

  test.each([
    ['the first h1 without a <title>', '<h2>Intro</h2><h1>Real title</h1><p>x</p>', 'Real title'],
    ['the file name without either', '<p>Only text</p>', 'page'],
    ['<title> inside <head>, not an SVG <title> in the body', '<body><svg><title>icon</title></svg><p>x</p></body>', 'page'],
  ])('title falls back to %s', (_, html, expected) => {
    expect(parseHtml('site/page.html', html).title).toBe(expected);
  });

  test.each([
    ['p', '<p>one</p><p>two</p>', 'one\n\ntwo'],
    ['li', '<ul><li>apples<li>pears</ul>', 'apples\n\npears'],
    ['div', '<div>one<div>two</div>three</div>', 'one\n\ntwo\n\nthree'],
    ['br', 'line one<br>line two', 'line one\n\nline two'],
    ['inline elements', 'a <b>bold</b> <i>and</i> <span>inline</span> <a href="#">link</a>', 'a bold and inline link'],
    ['table rows read with their header', '<table><tr><th>Name</th><th>Age</th></tr><tr><td><p>Ana</p></td><td>30</td></tr></table>', 'Name: Ana; Age: 30'],
    ['pre keeps its line breaks', '<p>code:</p><pre>line 1\n  line 2   \n</pre>', 'code:\n\nline 1\n  line 2'],
    ['entities', '<p>caf&eacute; &lt;tag&gt; &#8364;5&nbsp;ok</p>', 'café <tag> €5 ok'],
  ])('block boundaries: %s', (_, html, expected) => {
    expect(parseHtml('x.html', html).sections).toEqual([{ headingPath: [], text: expected }]);
  });

  test.each([
    [
      'header in thead, rows in tbody, cells closed implicitly',
      '<table><thead><tr><th>Ciudad<th>Habitantes</thead><tbody><tr><td>Madrid<td>3,3 M<tr><td>Sevilla<td>0,7 M</tbody></table>',
      'Ciudad: Madrid; Habitantes: 3,3 M\n\nCiudad: Sevilla; Habitantes: 0,7 M',
    ],
    ['an empty cell is left out', '<table><tr><td>A</td><td>B</td><td>C</td></tr><tr><td>1</td><td></td><td>3</td></tr></table>', 'A: 1; C: 3'],
    ['a table that is only a header row', '<table><tr><td>Solo</td><td>una fila</td></tr></table>', 'Solo | una fila'],
    [
      'one-cell rows (layout tables) are plain paragraphs',
      '<table><tr><td>First block</td></tr><tr><td>Second block</td></tr></table>',
      'First block\n\nSecond block',
    ],
    [
      'a table nested in a cell reads as words of that cell',
      '<table><tr><th>Team</th><th>Members</th></tr><tr><td>Core</td><td><table><tr><th>Name</th><th>Role</th></tr><tr><td>Ana</td><td>Lead</td></tr></table></td></tr></table>',
      'Team: Core; Members: Name Role Ana Lead',
    ],
    [
      'text around a table',
      '<p>Before</p><table><tr><td>K</td><td>V</td></tr><tr><td>a</td><td>1</td></tr></table><p>After</p>',
      'Before\n\nK: a; V: 1\n\nAfter',
    ],
  ])('tables: %s', (_, html, expected) => {
    expect(parseHtml('x.html', html).sections).toEqual([{ headingPath: [], text: expected }]);
  });

  test.each([
    ['script', '<script>var secret = 1;</script>'],
    ['style', '<style>.secret{}</style>'],
    ['noscript', '<noscript>secret</noscript>'],
    ['template', '<template><p>secret</p></template>'],
    ['nav', '<nav><ul><li>secret</li></ul></nav>'],
    ['head', '<head><meta name="x" content="secret"><script>secret()</script></head>'],
    ['hidden', '<div hidden><p>secret</p></div>'],
    ['aria-hidden', '<span aria-hidden="true">secret</span>'],
    ['a heading with a script inside', '<h2>Visible<script>secret</script></h2>'],
  ])('drops %s content', (_, hidden) => {
    const document = parseHtml('x.html', `<body>${hidden}<h2>Visible</h2><p>Shown text</p></body>`);

    expect(JSON.stringify(document.sections)).not.toContain('secret');
    expect(document.sections.at(-1)).toEqual({ headingPath: ['Visible'], text: 'Shown text' });
  });

  test('a heading-only document keeps the headings as text', () => {
    expect(parseHtml('x.html', '<h1>Only</h1><h2>Headings</h2>').sections).toEqual([{ headingPath: [], text: 'Only\n\nHeadings' }]);
  });

  test('whitespace-only HTML has no sections', () => {
    expect(parseHtml('x.html', '<html><head><title>T</title></head><body> <p> &nbsp; </p> </body></html>').sections).toEqual([]);
  });

  test('malformed HTML is read as a browser would', () => {
    const document = parseHtml('x.html', '<p>unclosed <b>bold <i>both</b> after</div></span><p>next');

    expect(document.sections).toEqual([{ headingPath: [], text: 'unclosed bold both after\n\nnext' }]);
  });

  test.each([
    ['closed', (depth: number) => `${'<div>'.repeat(depth)}deep text${'</div>'.repeat(depth)}`],
    ['never closed', (depth: number) => `${'<span>'.repeat(depth)}deep text`],
    ['inside a heading', (depth: number) => `<h2>${'<b>'.repeat(depth)}deep text`],
  ])('parses a document nested 100,000 levels deep (%s)', (_, build) => {
    const html = build(100_000);

    const structure = walkHtmlStructure(`<h1>Top</h1>${html}<p>after</p>`);

    expect(JSON.stringify(structure.sections)).toContain('deep text');
  });
});
