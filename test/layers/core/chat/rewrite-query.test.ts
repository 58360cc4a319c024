import { rewriteQuery, type HistoryTurn } from '../../../../layers/core/chat/index.js';

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
      'Spanish possessive, no names before: cited title and content words',
      '¿y su presupuesto?',
      [user('quien dirigio scrooge'), assistant('Brian Desmond Hurst [1]', 'Scrooge (1951 film)')],
      ['Scrooge (1951 film)', 'dirigio'],
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
    expect(result.query).toBe('¿quién actuó en ella? Scrooge 1951');
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
