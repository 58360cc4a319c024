import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

export interface HtmlEventHandler {
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
}

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

const P = new Set(['p']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p']);
const FORM_CONTROLS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const TABLE_SECTIONS = new Set(['thead', 'tbody']);
const DEFINITION_TERMS = new Set(['dd', 'dt']);

/** Open elements that a newly opened element closes, as browsers do (same rules as htmlparser2's Parser). */
const OPEN_IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['a', new Set(['a'])],
  ['li', new Set(['li'])],
  ['h1', HEADINGS],
  ['h2', HEADINGS],
  ['h3', HEADINGS],
  ['h4', HEADINGS],
  ['h5', HEADINGS],
  ['h6', HEADINGS],
  ['select', FORM_CONTROLS],
  ['input', FORM_CONTROLS],
  ['output', FORM_CONTROLS],
  ['button', FORM_CONTROLS],
  ['datalist', FORM_CONTROLS],
  ['textarea', FORM_CONTROLS],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', DEFINITION_TERMS],
  ['dt', DEFINITION_TERMS],
  ['tbody', TABLE_SECTIONS],
  ['tfoot', TABLE_SECTIONS],
  ...[
    'p',
    'address',
    'article',
    'aside',
    'blockquote',
    'details',
    'div',
    'dl',
    'fieldset',
    'figcaption',
    'figure',
    'footer',
    'form',
    'header',
    'hr',
    'main',
    'nav',
    'ol',
    'pre',
    'section',
    'table',
    'ul',
  ].map((name): [string, Set<string>] => [name, P]),
]);

/**
 * Streams HTML as balanced open/close/text events. It drives htmlparser2's Tokenizer directly
 * instead of its Parser, whose open-element stack is an array it shifts and unshifts at the
 * front: quadratic in the nesting depth, so a 1 MB document of nested tags would take minutes.
 * Here the stack grows at its end and a count per tag name makes stray end tags O(1), so the
 * walk is linear in the input and never recursive, however deep the nesting.
 */
export function streamHtml(html: string, handler: HtmlEventHandler): void {
  const stack: string[] = [];
  const openCount = new Map<string, number>();
  let tagName = '';
  let attributes: Record<string, string> = {};
  let attributeName = '';
  let attributeValue = '';

  const push = (name: string): void => {
    stack.push(name);
    openCount.set(name, (openCount.get(name) ?? 0) + 1);
  };
  const pop = (): void => {
    const name = stack.pop()!;
    openCount.set(name, openCount.get(name)! - 1);
    handler.close(name);
  };
  const openElement = (name: string, attrs: Record<string, string>): void => {
    const implied = OPEN_IMPLIES_CLOSE.get(name);
    if (implied) while (stack.length > 0 && implied.has(stack[stack.length - 1]!)) pop();
    handler.open(name, attrs);
    if (VOID_ELEMENTS.has(name)) handler.close(name);
    else push(name);
  };
  const endOpenTag = (): void => {
    if (tagName !== '') openElement(tagName, attributes);
    tagName = '';
  };

  const callbacks: TokenizerCallbacks = {
    onopentagname(start, end) {
      tagName = html.slice(start, end).toLowerCase();
      attributes = {};
    },
    onattribname(start, end) {
      attributeName = html.slice(start, end).toLowerCase();
      attributeValue = '';
    },
    onattribdata(start, end) {
      attributeValue += html.slice(start, end);
    },
    onattribentity(codePoint) {
      attributeValue += String.fromCodePoint(codePoint);
    },
    onattribend() {
      if (!(attributeName in attributes)) attributes[attributeName] = attributeValue;
    },
    onopentagend() {
      endOpenTag();
    },
    onselfclosingtag() {
      // HTML ignores "/>" except on void elements; closing right away keeps foreign content (SVG) shallow.
      const name = tagName;
      endOpenTag();
      if (!VOID_ELEMENTS.has(name) && stack[stack.length - 1] === name) pop();
    },
    onclosetag(start, end) {
      const name = html.slice(start, end).toLowerCase();
      if (VOID_ELEMENTS.has(name)) {
        if (name === 'br') openElement('br', {}); // browsers read </br> as <br>
        return;
      }
      if ((openCount.get(name) ?? 0) > 0) {
        while (stack[stack.length - 1] !== name) pop();
        pop();
      } else if (name === 'p') {
        openElement('p', {}); // browsers read a stray </p> as <p></p>
        pop();
      }
    },
    ontext(start, end) {
      handler.text(html.slice(start, end));
    },
    ontextentity(codePoint) {
      handler.text(String.fromCodePoint(codePoint));
    },
    oncdata() {},
    oncomment() {},
    ondeclaration() {},
    onprocessinginstruction() {},
    onend() {
      while (stack.length > 0) pop();
    },
  };

  const tokenizer = new Tokenizer({ decodeEntities: true }, callbacks);
  tokenizer.write(html);
  tokenizer.end();
}
