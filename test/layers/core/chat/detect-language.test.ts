import { detectLanguage } from '#core/chat/index.js';

describe('detectLanguage', () => {
  test.each([
    // Short Spanish, with and without accents, typos and shouting.
    ['hola', 'es'],
    ['Holaaa', 'es'],
    ['buenas tardess', 'es'],
    ['grasias', 'es'],
    ['como estas', 'es'],
    ['¿Cómo estás?', 'es'],
    ['vale', 'es'],
    ['jajaja', 'es'],
    ['¿Lincoln?', 'es'],
    ['año', 'es'],
    ['y él?', 'es'],
    ['qien dirijio scrooge', 'es'],
    ['quien dirigio scrooge', 'es'],
    ['donde nacio Lincoln', 'es'],
    ['¿Quién es Lincoln?', 'es'],
    ['NECESITO AYUDA CON EL INFORME', 'es'],
    ['cual es la capital de peru', 'es'],
    ['pelicula de 1951', 'es'],
    // Short English, typos and shouting.
    ['hi', 'en'],
    ['helo', 'en'],
    ['ok', 'en'],
    ['thanks', 'en'],
    ['haha', 'en'],
    ['and him?', 'en'],
    ['When was it built?', 'en'],
    ['capital of Peru?', 'en'],
    ['who directed Scrooge', 'en'],
    ['WHAT TIME IS IT', 'en'],
    ["what's this?", 'en'],
    ['movie from 1951', 'en'],
    // No cue at all: English by default.
    ['Lincoln?', 'en'],
    ['Scrooge', 'en'],
    ['1951', 'en'],
    ['', 'en'],
    // Long text.
    ['La película Scrooge fue dirigida por Brian Desmond Hurst en 1951 y protagonizada por Alastair Sim.', 'es'],
    ['El Consejo de Administración aprobó el presupuesto anual después de una larga reunión.', 'es'],
    ['Scrooge is a 1951 British film directed by Brian Desmond Hurst, starring Alastair Sim.', 'en'],
    ['The board approved the annual budget after a long meeting with the shareholders.', 'en'],
    ['Abraham Lincoln fue el decimosexto presidente de los Estados Unidos.', 'es'],
    ['Abraham Lincoln was the sixteenth President of the United States.', 'en'],
  ])('%j → %s', (text, expected) => {
    // act
    const language = detectLanguage(text);

    // assess
    expect(language).toBe(expected);
  });
});
