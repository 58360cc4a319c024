import { rewriteQuery, type HistoryTurn } from '#core/chat/index.js';

const user = (content: string): HistoryTurn => ({ role: 'user', content });
const assistant = (content: string, ...titles: string[]): HistoryTurn => ({
  role: 'assistant',
  content,
  ...(titles.length > 0 ? { citations: titles.map((title) => ({ title })) } : {}),
});

describe('rewriteQuery', () => {
  test.each<[string, string, HistoryTurn[], string[]]>([
    [
      'Spanish follow-up with "¿y…" and a pronoun',
      '¿y quién actuó en ella?',
      [user('¿Quién dirigió la película Scrooge de 1951?'), assistant('La dirigió Brian Desmond Hurst [1].')],
      ['Scrooge', '1951'],
    ],
    ['Spanish clitic pronoun', '¿quién la dirigió?', [user('háblame de "Brief Encounter"')], ['Brief Encounter']],
    ['Spanish bare attribute', '¿y el director?', [user('¿de qué trata la película Scrooge (1951)?')], ['Scrooge', '1951']],
    [
      'Spanish possessive, no names before: the cited title owns it',
      '¿y su presupuesto?',
      [user('quien dirigio scrooge'), assistant('Brian Desmond Hurst [1]', 'Scrooge (1951 film)')],
      ['presupuesto de Scrooge (1951 film)'],
    ],
    ['Spanish new subject keeps the predicate', '¿y Hamlet?', [user('¿Quién dirigió la película Scrooge de 1951?')], ['Hamlet', 'dirigió']],
    ['English "and…" with a pronoun', 'and when did he die?', [user('Who was Abraham Lincoln?'), assistant('The 16th president [1].')], ['Abraham Lincoln']],
    ['English pronoun without connective', 'When was it built?', [user('Tell me about the Eiffel Tower')], ['Eiffel Tower']],
    ['English demonstrative at the end', 'what year was that?', [user('When did the Titanic sink?')], ['Titanic']],
    ['English lower-case history', 'the director?', [user('what is scrooge about')], ['scrooge']],
    ['English "what about" with a number', 'what about 1952?', [user('Which films did Alastair Sim make in 1951?')], ['1952', 'Alastair Sim']],
    [
      'small talk in between is skipped',
      '¿y cuándo se estrenó?',
      [user('¿Quién dirigió Scrooge?'), assistant('Brian Desmond Hurst [1].'), user('gracias'), assistant('¡De nada!')],
      ['Scrooge'],
    ],
    [
      'a chain of follow-ups resolves to the first subject',
      'where did he die?',
      [user('Who was Abraham Lincoln?'), assistant('A president [1].'), user('and when was he born?'), assistant('In 1809 [1].')],
      ['Abraham Lincoln'],
    ],
  ])('%s', (_name, message, history, expectedTerms) => {
    // act
    const result = rewriteQuery(message, history);

    // assess
    expect(result.rewritten).toBe(true);
    for (const term of expectedTerms) expect(result.query).toContain(term);
    expect(result.addedTerms.length).toBeGreaterThan(0);
  });

  test.each<[string, string, HistoryTurn[]]>([
    ['no history', 'When was it built?', []],
    ['Spanish question with its own subject', '¿Quién es Lincoln?', [user('¿Quién dirigió Scrooge?')]],
    ['Spanish "está" is a verb, not a demonstrative', '¿Dónde está Lima?', [user('¿Quién dirigió Scrooge?')]],
    ['English short question with its own subject', 'capital of Peru?', [user('Who directed Scrooge?')]],
    ['English new topic without names', 'What is photosynthesis?', [user('Who directed Scrooge?')]],
    ['pronoun resolved inside the question', 'When did Lincoln die and where was he buried?', [user('Who directed Scrooge?')]],
    ['relative "that" after a noun', 'Who directed the film that won the prize?', [user('Which film won Cannes in 1946?')]],
    ['previous turn was small talk', '¿cuándo se estrenó?', [user('hola'), assistant('¡Hola!')]],
  ])('%s: unchanged', (_name, message, history) => {
    // act
    const result = rewriteQuery(message, history);

    // assess
    expect(result).toEqual({ query: message, rewritten: false, addedTerms: [] });
  });

  test('the current message at the end of the history is not its own context', () => {
    // prepare
    const history = [user('¿Quién dirigió Scrooge en 1951?'), assistant('Brian Desmond Hurst [1].'), user('¿y quién actuó en ella?')];

    // act
    const result = rewriteQuery('¿y quién actuó en ella?', history);

    // assess
    expect(result.query).toBe('¿quién actuó en Scrooge? 1951');
  });

  test.each<[string, string, HistoryTurn[], string]>([
    [
      "person pronoun → the person the answer named, thing pronoun → the question's topic",
      'When did he build it?',
      [user('Who invented the piano?'), assistant('The piano was invented by Bartolomeo Cristofori in Florence, Italy. [1]')],
      'When did Cristofori build the piano?',
    ],
    [
      'the highlighted span and the quoted lead-in of the answer',
      'When did he build it?',
      [user('Who invented the piano?'), assistant('From “Piano”: **Bartolomeo Cristofori** invented the piano in Florence. [1]')],
      'When did Cristofori build the piano?',
    ],
    [
      'plural pronoun → the topic in the plural',
      'Who makes them?',
      [user('How many strings does a violin have?'), assistant('A violin has four strings. [1]')],
      'Who makes violins?',
    ],
    [
      'possessive pronoun of a person',
      'and what was his job?',
      [user('Who invented the piano?'), assistant('Bartolomeo Cristofori invented it. [1]')],
      "what was Cristofori's job?",
    ],
    [
      'possessive pronoun of a thing',
      'What is its range?',
      [user('Who invented the piano?'), assistant('Bartolomeo Cristofori. [1]')],
      "What is the piano's range?",
    ],
    [
      'a question about a named person keeps that person',
      'Where did she die?',
      [user('When was Marie Curie born?'), assistant('In 1867 [1].')],
      'Where did Marie Curie die?',
    ],
    [
      'ellipsis with a new year asks the previous question again',
      'And in 1990?',
      [user('What was the population of Spain in 1980?'), assistant('37 million [1].')],
      'What was the population of Spain in 1990?',
    ],
    [
      'Spanish subject pronoun → the person of the answer',
      '¿Y cuándo nació él?',
      [user('¿Quién inventó el piano?'), assistant('El piano lo inventó Bartolomeo Cristofori en Florencia. [1]')],
      '¿cuándo nació Cristofori?',
    ],
    [
      'Spanish clitic → the topic, after the verb',
      '¿Cuándo lo construyó?',
      [user('¿Quién inventó el piano?'), assistant('Bartolomeo Cristofori [1].')],
      '¿Cuándo construyó el piano?',
    ],
    [
      'Spanish plural clitic → the topic in the plural',
      '¿Quién los fabrica?',
      [user('¿Cuántas cuerdas tiene un violín?'), assistant('Un violín tiene cuatro cuerdas. [1]')],
      '¿Quién fabrica los violines?',
    ],
    [
      'Spanish possessive ellipsis',
      '¿Y su presidente?',
      [user('¿Cuántos habitantes tiene Francia?'), assistant('Unos 68 millones [1].')],
      '¿el presidente de Francia?',
    ],
    [
      'Spanish ellipsis with a new year',
      '¿Y en 1990?',
      [user('¿Cuál era la población de España en 1980?'), assistant('37 millones [1].')],
      '¿Cuál era la población de España en 1990?',
    ],
  ])('%s', (_name, message, history, expected) => {
    // act
    const result = rewriteQuery(message, history);

    // assess
    expect(result.query).toBe(expected);
    expect(result.rewritten).toBe(true);
  });

  test('maxTerms caps the carried-over terms', () => {
    // prepare
    const history = [user('Compare "Brief Encounter", "Scrooge", "Hamlet" and "Oliver Twist" from 1945 to 1951')];

    // act
    const result = rewriteQuery('and who directed them?', history, { maxTerms: 2 });

    // assess
    expect(result.addedTerms).toEqual(['Brief Encounter', 'Scrooge']);
  });
});
