import { decodeEncodedWords, parseEml, readEmlAttachments } from '#core/parsing/eml-parser.js';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

describe('parseEml', () => {
  test('headers, the plain-text body and the attachment list', () => {
    // prepare
    const bytes = crlf([
      'From: =?utf-8?Q?Luc=C3=ADa_P=C3=A9rez?= <lucia@example.com>',
      'To: equipo@example.com',
      'Subject: =?utf-8?B?UmV1bmnDs24gZGVsIGx1bmVz?=',
      'Date: Mon, 7 Dec 2026 09:00:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: multipart/alternative; boundary="inner"',
      '',
      '--inner',
      'Content-Type: text/plain; charset=iso-8859-1',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'La reuni=F3n ser=E1 en la sala 4.',
      '',
      'Traed el informe.',
      '--inner',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>HTML copy that is not used</p>',
      '--inner--',
      '--outer',
      'Content-Type: application/pdf; name="informe.pdf"',
      'Content-Disposition: attachment; filename="informe.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 tiny').toString('base64'),
      '--outer--',
      '',
    ]);

    // act
    const document = parseEml('mail.eml', bytes);

    // assess
    expect(document.title).toBe('Reunión del lunes');
    expect(document.sections).toEqual([
      {
        headingPath: [],
        text: 'From: Lucía Pérez <lucia@example.com>; To: equipo@example.com; Date: Mon, 7 Dec 2026 09:00:00 +0100; Subject: Reunión del lunes\n\nLa reunión será en la sala 4.\n\nTraed el informe.',
      },
      { headingPath: ['Attachments'], text: 'informe.pdf (application/pdf, 13 B)' },
    ]);
    expect(document.metadata.attachments).toEqual([{ name: 'informe.pdf', type: 'application/pdf', bytes: 13 }]);
  });

  test('an HTML-only message is read through the HTML walker', () => {
    const bytes = crlf([
      'Subject: Hi',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><body><h1>Aviso</h1><p>Corte de agua el martes.</p></body></html>',
    ]);

    expect(parseEml('aviso.eml', bytes).sections).toEqual([
      { headingPath: [], text: 'Subject: Hi' },
      { headingPath: ['Aviso'], text: 'Corte de agua el martes.' },
    ]);
  });

  test.each([
    ['=?iso-8859-1?Q?Caf=E9?=', 'Café'],
    ['=?UTF-8?B?w7FhbmR1?= =?UTF-8?B?IHkgbcOhcw==?=', 'ñandu y más'],
    ['plain ASCII', 'plain ASCII'],
    [Buffer.from('Año nuevo', 'utf8').toString('latin1'), 'Año nuevo'],
  ])('decodes the header %j', (raw, expected) => {
    expect(decodeEncodedWords(raw)).toBe(expected);
  });
});

describe('readEmlAttachments', () => {
  const message = crlf([
    'Subject: Files',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'Body text.',
    '--b',
    'Content-Type: application/pdf; name="first.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4 first').toString('base64'),
    '--b',
    'Content-Type: text/plain',
    'Content-Disposition: attachment; filename="second.txt"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'caf=C3=A9 notes',
    '--b--',
    '',
  ]);

  test.each([
    ['within the limits, every attachment decoded', { maxCount: 5, maxTotalBytes: 1000 }, ['first.pdf', 'second.txt'], []],
    ['past the count', { maxCount: 1, maxTotalBytes: 1000 }, ['first.pdf'], ['second.txt: only the first 1 attachments of an e-mail are read']],
    [
      'past the total size',
      { maxCount: 5, maxTotalBytes: 20 },
      ['first.pdf'],
      ["second.txt: the e-mail's attachments pass 20 B in all, the limit read per e-mail"],
    ],
  ])('%s', (_, limits, read, skipped) => {
    // act
    const result = readEmlAttachments(message, limits);

    // assess
    expect(result.attachments.map((attachment) => attachment.name)).toEqual(read);
    expect(result.skipped.map((attachment) => `${attachment.name}: ${attachment.reason}`)).toEqual(skipped);
  });

  test('content is decoded to the attachment’s own bytes', () => {
    // act
    const { attachments } = readEmlAttachments(message);

    // assess
    expect(Buffer.from(attachments[0]!.content).toString('latin1')).toBe('%PDF-1.4 first');
    expect(Buffer.from(attachments[1]!.content).toString('utf8')).toBe('café notes');
    expect(attachments.map((attachment) => attachment.type)).toEqual(['application/pdf', 'text/plain']);
  });
});
