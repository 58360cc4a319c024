import { DocumentError } from '#core/errors.js';
import { parseDocument } from '#core/parsing/parse-document.js';
import { parseJson } from '#core/parsing/json-parser.js';

describe('parseJson', () => {
  test.each([
    [
      'an object: one section per key, nested values as key paths',
      { title: 'Config', server: { host: 'db.internal', ports: [5432, 5433] }, 'first name': 'Ana' },
      [
        { headingPath: ['title'], text: 'title: Config' },
        { headingPath: ['server'], text: 'server.host: db.internal; server.ports[0]: 5432; server.ports[1]: 5433' },
        { headingPath: ['["first name"]'], text: '["first name"]: Ana' },
      ],
    ],
    [
      'an array of records: one paragraph per record',
      [
        { id: 1, city: 'Sevilla' },
        { id: 2, city: 'Bilbao', tags: ['norte'] },
      ],
      [{ headingPath: [], text: '[0].id: 1; [0].city: Sevilla\n\n[1].id: 2; [1].city: Bilbao; [1].tags[0]: norte' }],
    ],
    [
      'records under a key',
      {
        employees: [
          { name: 'Ana', ext: 4471 },
          { name: 'Luis', ext: null },
        ],
      },
      [{ headingPath: ['employees'], text: 'employees[0].name: Ana; employees[0].ext: 4471\n\nemployees[1].name: Luis; employees[1].ext: null' }],
    ],
    ['a scalar', 'just a string', [{ headingPath: [], text: 'just a string' }]],
  ])('%s', (_, value, expected) => {
    expect(parseJson('data.json', JSON.stringify(value)).sections).toEqual(expected);
  });

  test('a string "title" field is the title', () => {
    expect(parseJson('data.json', '{"title":"Inventario"}').title).toBe('Inventario');
    expect(parseJson('data.json', '{"title":3}').title).toBe('data');
  });

  test('invalid JSON is refused as corrupt, naming the parse error', async () => {
    const error = await parseDocument({ source: 'broken.json', bytes: Buffer.from('{"a": 1,,}') }).catch((caught: unknown) => caught as DocumentError);

    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).reason).toBe('corrupt');
    expect((error as DocumentError).message).toMatch(/^broken\.json: is not valid JSON \(/);
  });
});
