import { analyseQuestion, type AnswerType, termFamily } from '#core/chat/index.js';

describe('analyseQuestion', () => {
  test.each<[string, string, AnswerType]>([
    ['Who invented the piano?', 'en', 'person'],
    ['¿Quién inventó el piano?', 'es', 'person'],
    ['When did Lincoln begin his political career?', 'en', 'date'],
    ['What year was the treaty signed?', 'en', 'date'],
    ['¿En qué año se firmó el tratado?', 'es', 'date'],
    ['¿Cuándo nació Isaac Newton?', 'es', 'date'],
    ['How many strings does a violin have?', 'en', 'number'],
    ['Hi! Quick question: how many strings does a violin have?', 'en', 'number'],
    ['¿Cuántas cuerdas tiene un violín?', 'es', 'number'],
    ['Where was Isaac Newton born?', 'en', 'place'],
    ['¿Dónde nació Isaac Newton?', 'es', 'place'],
    ['Was Abraham Lincoln the sixteenth President of the United States?', 'en', 'yes_no'],
    ['Does the violin have four strings?', 'en', 'yes_no'],
    ['¿Es el violín un instrumento de cuerda?', 'es', 'yes_no'],
    ['What is a kangaroo?', 'en', 'definition'],
    ['¿Qué es un canguro?', 'es', 'definition'],
    ['Why did Lincoln oppose slavery?', 'en', 'reason'],
    ['¿Por qué se extinguió el dodo?', 'es', 'reason'],
    ['List the formats the system accepts', 'en', 'list'],
    ['¿Cuáles son los formatos admitidos?', 'es', 'list'],
    ['What did Tesla first receive after starting his company?', 'en', 'other'],
  ])('%j asks for a %s answer', (question, language, type) => {
    // act
    const analysis = analyseQuestion(question, language);

    // assess
    expect(analysis.type).toBe(type);
  });

  test('keeps names and numbers as entities and counts the noun a how-many question counts', () => {
    // act
    const analysis = analyseQuestion('How many strings did Antonio Stradivari put on his 1716 violin?', 'en');

    // assess
    expect(analysis.entities).toEqual([['antonio', 'stradivari'], ['1716']]);
    expect(analysis.countedNoun).toBe(termFamily('strings', 'en'));
    expect(analysis.terms).toEqual(expect.arrayContaining([termFamily('violin', 'en'), '1716']));
  });

  test.each<[string, string, string, string]>([
    ['directed', 'director', 'en', 'en'],
    ['dirigió', 'director', 'es', 'es'],
    ['invented', 'inventor', 'en', 'en'],
    ['inventó', 'invención', 'es', 'es'],
    ['born', 'birth', 'en', 'en'],
    ['nació', 'nacimiento', 'es', 'es'],
    ['began', 'beginning', 'en', 'en'],
    ['composed', 'composer', 'en', 'en'],
    ['sixteenth', '16', 'en', 'en'],
    ['nine', '9', 'en', 'en'],
    ['two', 'dos', 'en', 'es'],
    ['doce', '12', 'es', 'es'],
  ])('%j and %j meet in one family', (a, b, languageA, languageB) => {
    // act and assess
    const fold = (word: string) => word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    expect(termFamily(fold(a), languageA)).toBe(termFamily(fold(b), languageB));
  });

  test.each([
    ['piano', 'violin'],
    ['born', 'began'],
    ['director', 'dinner'],
    ['one', '1'],
    ['three', '13'],
  ])('%j and %j stay apart', (a, b) => {
    // act and assess
    expect(termFamily(a, 'en')).not.toBe(termFamily(b, 'en'));
  });
});
