import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

export interface XmlEventHandler {
  /** `name` keeps its namespace prefix and case, e.g. "a:t", "text:p", "sheetData". */
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
}

/**
 * Streams XML as balanced open/close/text events with entities decoded and CDATA read as text.
 * Office and OpenDocument parts are machine-written, so no HTML repair rules apply; a stray end
 * tag closes up to its open element, or is ignored when none is open. Like the HTML walker,
 * the stack grows at its end and nothing recurses, so nesting depth costs nothing.
 */
export function streamXml(xml: string, handler: XmlEventHandler): void {
  const stack: string[] = [];
  const openCount = new Map<string, number>();
  let tagName = '';
  let attributes: Record<string, string> = {};
  let attributeName = '';
  let attributeValue = '';

  const pop = (): void => {
    const name = stack.pop()!;
    openCount.set(name, openCount.get(name)! - 1);
    handler.close(name);
  };

  const callbacks: TokenizerCallbacks = {
    onopentagname(start, end) {
      tagName = xml.slice(start, end);
      attributes = {};
    },
    onattribname(start, end) {
      attributeName = xml.slice(start, end);
      attributeValue = '';
    },
    onattribdata(start, end) {
      attributeValue += xml.slice(start, end);
    },
    onattribentity(codePoint) {
      attributeValue += String.fromCodePoint(codePoint);
    },
    onattribend() {
      if (!(attributeName in attributes)) attributes[attributeName] = attributeValue;
    },
    onopentagend() {
      handler.open(tagName, attributes);
      stack.push(tagName);
      openCount.set(tagName, (openCount.get(tagName) ?? 0) + 1);
    },
    onselfclosingtag() {
      handler.open(tagName, attributes);
      handler.close(tagName);
    },
    onclosetag(start, end) {
      const name = xml.slice(start, end);
      if ((openCount.get(name) ?? 0) === 0) return;
      while (stack[stack.length - 1] !== name) pop();
      pop();
    },
    ontext(start, end) {
      handler.text(xml.slice(start, end));
    },
    ontextentity(codePoint) {
      handler.text(String.fromCodePoint(codePoint));
    },
    oncdata(start, endIndex, endOffset) {
      handler.text(xml.slice(start, endIndex - endOffset));
    },
    oncomment() {},
    ondeclaration() {},
    onprocessinginstruction() {},
    onend() {
      while (stack.length > 0) pop();
    },
  };

  const tokenizer = new Tokenizer({ xmlMode: true, decodeEntities: true }, callbacks);
  tokenizer.write(xml);
  tokenizer.end();
}

/** The local part of a prefixed name: "text:p" → "p". */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : name;
}
