import { answerSpan, exactMatch, f1Score, highlightedSpan, quotedText } from '#core/evaluation/index.js';

describe('answerSpan: the bold span, else the quoted text without labels', () => {
  test.each([
    ['**Teodora Alcázar** designed it in 1921 [1].', 'Teodora Alcázar'],
    ['Fue **en 1832** [2], según el texto **Lincoln**.', 'en 1832'],
    ['Yes. **Abraham Lincoln** was the sixteenth President [1].', 'Abraham Lincoln'],
    ['From “Piano”: Cristofori built the first piano [1].', 'Cristofori built the first piano.'],
    ['According to "Violin", a violin has four strings [1][2].', 'a violin has four strings.'],
    ['Quote from “Lincoln”: Lincoln began his political career in 1832 [1].', 'Lincoln began his political career in 1832.'],
    ['Según «Isaac Newton»: nació en Woolsthorpe [1].', 'nació en Woolsthorpe.'],
    ['En «Guía»: admite PDF, DOCX y TXT [1].', 'admite PDF, DOCX y TXT.'],
    ['Extractive answer: sentences quoted from your documents.\n“The kangaroo is a marsupial.” [1]', 'The kangaroo is a marsupial.'],
    ['Respuesta extractiva: frases citadas de tus documentos. «El canguro es un marsupial.» [1]', 'El canguro es un marsupial.'],
    ['Cita: el tratado se firmó el 12 de marzo de 2021 [3].', 'el tratado se firmó el 12 de marzo de 2021.'],
    ['He said "hello", then left [1].', 'He said "hello", then left.'],
    ['Plain sentence with a marker [1]. Another one [2].', 'Plain sentence with a marker. Another one.'],
    ['From “Piano”: “Cristofori built the first piano.” [1] “It was loud and soft.” [2]', 'Cristofori built the first piano. It was loud and soft.'],
    ['Yes. From “Abraham Lincoln”: “Lincoln was the sixteenth President.” [1]', 'Lincoln was the sixteenth President.'],
    ['Sí. Según «Abraham Lincoln»: «Lincoln fue el decimosexto presidente.» [1]', 'Lincoln fue el decimosexto presidente.'],
    ['From the documents: “A violin has four strings.” [1]', 'A violin has four strings.'],
    ['Según los documentos: «El violín tiene cuatro cuerdas.» [1]', 'El violín tiene cuatro cuerdas.'],
    ['No. From “Lincoln”: “He was born in **1809**.” [1]', '1809'],
  ])('%j → %j', (answer, expected) => {
    // act + assess
    expect(answerSpan(answer)).toBe(expected);
  });

  test('no bold span: highlightedSpan is undefined and the span is the quoted text', () => {
    // prepare
    const answer = 'From “Piano”: Cristofori [1].';

    // act
    const highlighted = highlightedSpan(answer);

    // assess
    expect(highlighted).toBeUndefined();
    expect(answerSpan(answer)).toBe(quotedText(answer));
  });
});

describe('EM/F1 of the highlighted span', () => {
  test.each([
    ['**Bartolomeo Cristofori** invented the piano [1].', ['Bartolomeo Cristofori'], 'en', 1, 1],
    ['**Cristofori** invented the piano [1].', ['Bartolomeo Cristofori'], 'en', 0, 2 / 3],
    ['**the Civil War** [1]', ['Civil War'], 'en', 1, 1],
    ['**La Guerra Civil** fue el conflicto [1].', ['guerra civil'], 'es', 1, 1],
    ['Cristofori invented the piano [1].', ['Cristofori'], 'en', 0, 1 / 2],
    ['From “Piano”: Cristofori [1].', ['Cristofori'], 'en', 1, 1],
    ['Según «Newton»: **Woolsthorpe** [1].', ['Woolsthorpe'], 'es', 1, 1],
  ])('%j against %j (%s) → EM %d, F1 %d', (answer, golds, language, em, f1) => {
    // act
    const span = answerSpan(answer);

    // assess
    expect(exactMatch(span, golds, language)).toBe(em);
    expect(f1Score(span, golds, language)).toBeCloseTo(f1, 6);
  });
});
