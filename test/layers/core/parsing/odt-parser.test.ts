import { parseOdt } from '#core/parsing/odt-parser.js';
import { buildOdt } from '../../../fixtures/office-fixtures.js';

describe('parseOdt', () => {
  test('outline headings build the heading path; lists, tables and footnotes are kept', () => {
    // prepare
    const bytes = buildOdt(
      '<text:h text:outline-level="1">Normativa</text:h>' +
        '<text:p>El horario es de 8<text:s/>a 15 h.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Salvo en agosto.</text:p></text:note-body></text:note></text:p>' +
        '<text:h text:outline-level="2">Vacaciones</text:h>' +
        '<text:list><text:list-item><text:p>22 días laborables</text:p></text:list-item><text:list-item><text:p>Se piden con un mes de antelación</text:p></text:list-item></text:list>' +
        '<table:table><table:table-row><table:table-cell><text:p>Sede</text:p></table:table-cell><table:table-cell><text:p>Teléfono</text:p></table:table-cell></table:table-row>' +
        '<table:table-row><table:table-cell><text:p>Madrid</text:p></table:table-cell><table:table-cell><text:p>910 000 000</text:p></table:table-cell></table:table-row></table:table>',
      { title: 'Manual del empleado' },
    );

    // act
    const document = parseOdt('manual.odt', bytes);

    // assess
    expect(document.title).toBe('Manual del empleado');
    expect(document.sections).toEqual([
      { headingPath: ['Normativa'], text: 'El horario es de 8 a 15 h.\n\nSalvo en agosto.' },
      { headingPath: ['Normativa', 'Vacaciones'], text: '22 días laborables\n\nSe piden con un mes de antelación\n\nSede: Madrid; Teléfono: 910 000 000' },
    ]);
    expect(document.metadata.headings).toBe(2);
  });

  test('without a title property, the first heading is the title', () => {
    expect(parseOdt('a.odt', buildOdt('<text:h text:outline-level="1">Acta</text:h><text:p>Texto</text:p>')).title).toBe('Acta');
  });
});
