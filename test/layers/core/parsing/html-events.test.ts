import { streamHtml } from '#core/parsing/html-events.js';

function events(html: string): string[] {
  const seen: string[] = [];
  streamHtml(html, {
    open: (name, attributes) =>
      seen.push(
        `<${name}${Object.entries(attributes)
          .map(([key, value]) => ` ${key}=${value}`)
          .join('')}>`,
      ),
    close: (name) => seen.push(`</${name}>`),
    text: (text) => seen.push(text),
  });
  return seen;
}

describe('streamHtml', () => {
  test.each([
    ['nested elements', '<div><b>x</b></div>', '<div> <b> x </b> </div>'],
    ['attributes, lower-cased names and decoded entities', '<A HREF="/a?x=1&amp;y=2" Hidden>t</A>', '<a href=/a?x=1&y=2 hidden=> t </a>'],
    ['void elements close at once', 'a<br>b<img src=x>c', 'a <br> </br> b <img src=x> </img> c'],
    ['a new <p> closes the open one', '<p>one<p>two', '<p> one </p> <p> two </p>'],
    ['a block closes an open <p>', '<p>one<div>two</div>', '<p> one </p> <div> two </div>'],
    ['table cells and rows close each other', '<tr><td>a<td>b<tr><td>c', '<tr> <td> a </td> <td> b </td> </tr> <tr> <td> c </td> </tr>'],
    ['a stray end tag is ignored', '<div>a</span>b</div>', '<div> a b </div>'],
    ['an end tag closes the elements left open inside it', '<div><span><i>a</div>b', '<div> <span> <i> a </i> </span> </div> b'],
    ['a stray </p> is an empty paragraph', 'a</p>b', 'a <p> </p> b'],
    ['</br> is a line break', 'a</br>b', 'a <br> </br> b'],
    ['script content is raw text', '<script>if (a < b) { x = "</div>" }</script>', '<script> if (a < b) { x = "</div>" } </script>'],
    ['comments, doctype and CDATA are not text', '<!doctype html><!-- c --><p>t</p><![CDATA[x]]>', '<p> t </p>'],
    ['self-closing non-void elements close at once', '<svg><path d="M0"/><title>t</title></svg>', '<svg> <path d=M0> </path> <title> t </title> </svg>'],
    ['unclosed elements close at the end', '<ul><li>a<li>b', '<ul> <li> a </li> <li> b </li> </ul>'],
  ])('%s', (_, html, expected) => {
    expect(events(html).join(' ')).toBe(expected);
  });

  test('opens and closes balance on a million-level document with stray end tags', () => {
    const depth = 1_000_000;
    const html = `${'<i>'.repeat(depth)}${'</b>'.repeat(10_000)}x`;
    let open = 0;
    let deepest = 0;

    streamHtml(html, {
      open: () => {
        open++;
        deepest = Math.max(deepest, open);
      },
      close: () => open--,
      text: () => {},
    });

    expect(deepest).toBe(depth);
    expect(open).toBe(0);
  });
});
