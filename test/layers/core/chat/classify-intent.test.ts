import {
  analyseSocial,
  classifyMessage,
  DEFAULT_OFF_TOPIC_THRESHOLD,
  decideOffTopic,
  detectOffTopicRequest,
  directReply,
  type Intent,
} from '#core/chat/index.js';
import type { RetrievedChunk } from '#core/store/retrieved-chunk.js';

describe('classifyMessage', () => {
  test.each<[string, Intent, string]>([
    // Greetings.
    ['hola', 'greeting', 'es'],
    ['Holaaa!!', 'greeting', 'es'],
    ['holaa', 'greeting', 'es'],
    ['buenas', 'greeting', 'es'],
    ['buenas tardess', 'greeting', 'es'],
    ['Buenos días', 'greeting', 'es'],
    ['buenos dias amigo 😊', 'greeting', 'es'],
    ['hola, ¿qué tal?', 'greeting', 'es'],
    ['hi', 'greeting', 'en'],
    ['hello', 'greeting', 'en'],
    ['helo', 'greeting', 'en'],
    ['hey there 👋', 'greeting', 'en'],
    ['Good morning!', 'greeting', 'en'],
    ['hi, how are you?', 'greeting', 'en'],
    ['👋', 'greeting', 'en'],
    // Farewells.
    ['adiós', 'greeting', 'es'],
    ['hasta luego', 'greeting', 'es'],
    ['chao, gracias', 'greeting', 'es'],
    ['bye', 'greeting', 'en'],
    ['see you later!', 'greeting', 'en'],
    ['goodbye and thanks', 'greeting', 'en'],
    // Thanks.
    ['gracias', 'smalltalk', 'es'],
    ['grasias', 'smalltalk', 'es'],
    ['muchas gracias!!', 'smalltalk', 'es'],
    ['mil gracias por la ayuda', 'smalltalk', 'es'],
    ['thanks', 'smalltalk', 'en'],
    ['thank you so much', 'smalltalk', 'en'],
    ['thnks', 'smalltalk', 'en'],
    ['Thx!', 'smalltalk', 'en'],
    // Thanks and compliments with words of their own.
    ['thanks, that was helpful', 'smalltalk', 'en'],
    ['great answer, thank you!', 'smalltalk', 'en'],
    ["thank you, that's exactly what I needed", 'smalltalk', 'en'],
    ['thanks, that was really clear', 'smalltalk', 'en'],
    ['very helpful, thanks', 'smalltalk', 'en'],
    ['muchas gracias, me sirvió mucho', 'smalltalk', 'es'],
    ['gracias, la respuesta es muy clara', 'smalltalk', 'es'],
    ['muchas gracias, justo lo que buscaba', 'smalltalk', 'es'],
    ['buena respuesta, gracias', 'smalltalk', 'es'],
    // Small talk.
    ['¿qué tal?', 'smalltalk', 'es'],
    ['¿cómo estás?', 'smalltalk', 'es'],
    ['como estas', 'smalltalk', 'es'],
    ['¿quién eres?', 'smalltalk', 'es'],
    ['¿qué puedes hacer?', 'smalltalk', 'es'],
    ['¿eres un bot?', 'smalltalk', 'es'],
    ['vale', 'smalltalk', 'es'],
    ['genial', 'smalltalk', 'es'],
    ['jajaja', 'smalltalk', 'es'],
    ['tengo una pregunta', 'smalltalk', 'es'],
    ['how are you', 'smalltalk', 'en'],
    ['how r u', 'smalltalk', 'en'],
    ['who are you?', 'smalltalk', 'en'],
    ['what can you do?', 'smalltalk', 'en'],
    ["what's your name?", 'smalltalk', 'en'],
    ['ok', 'smalltalk', 'en'],
    ['cool', 'smalltalk', 'en'],
    ['lol', 'smalltalk', 'en'],
    ['👍', 'smalltalk', 'en'],
    // Obvious off-topic requests.
    ['tell me a joke', 'off_topic', 'en'],
    ['cuéntame un chiste', 'off_topic', 'es'],
    ["what's the weather like today?", 'off_topic', 'en'],
    ['¿qué tiempo hace hoy?', 'off_topic', 'es'],
    ['¿qué hora es?', 'off_topic', 'es'],
    ['what time is it?', 'off_topic', 'en'],
    ['write me a poem', 'off_topic', 'en'],
    ['escribe un poema sobre el mar', 'off_topic', 'es'],
    ['hola, cuéntame un chiste', 'off_topic', 'es'],
    ['flip a coin', 'off_topic', 'en'],
    // Real questions, short ones included.
    ['¿Quién es Lincoln?', 'question', 'es'],
    ['When was it built?', 'question', 'en'],
    ['capital of Peru?', 'question', 'en'],
    ['¿Cuál es la capital de Francia?', 'question', 'es'],
    ['Did Lincoln sign the National Banking Act of 1863?', 'question', 'en'],
    ['what is the climate of Peru?', 'question', 'en'],
    ['¿Dónde está Lima?', 'question', 'es'],
    ['hora de apertura de la biblioteca', 'question', 'es'],
    ['hora?', 'question', 'es'],
    ['help me find the sales report', 'question', 'en'],
    ['ayúdame con el informe de ventas', 'question', 'es'],
    ['In the film, who says "tell me a joke" to the old miser on Christmas Eve before the ghosts arrive?', 'question', 'en'],
    // A greeting followed by a question is a question.
    ['hola, ¿quién dirigió Scrooge?', 'question', 'es'],
    ['hi, what is the capital of Peru?', 'question', 'en'],
    ['buenos días, necesito el presupuesto de 2023', 'question', 'es'],
    ['Hi! Quick question: how many strings does a violin have?', 'question', 'en'],
    ['Hola, ¿cuántas cuerdas tiene un violín?', 'question', 'es'],
    // Thanks followed by a request is the request.
    ['thanks, and who built it?', 'question', 'en'],
    ['thanks for the answer about Lincoln', 'question', 'en'],
    ['gracias, ¿y quién la construyó?', 'question', 'es'],
    // Questions about the assistant are questions for its guide.
    ['What can this system do?', 'question', 'en'],
    ['what file types do you support?', 'question', 'en'],
    ['how do I upload?', 'question', 'en'],
    ['¿Qué formatos admite?', 'question', 'es'],
    ['¿Qué puede hacer este asistente?', 'question', 'es'],
    ['¿cómo subo mis documentos?', 'question', 'es'],
    // Follow-ups.
    ['¿y quién la dirigió?', 'question', 'es'],
    ['and when did he die?', 'question', 'en'],
    ['¿y en qué año?', 'question', 'es'],
    ['what about the sequel?', 'question', 'en'],
    // Typos in questions.
    ['qien dirijio scrooge', 'question', 'es'],
    ['wen was lincon born', 'question', 'en'],
  ])('%j → %s (%s)', (message, intent, language) => {
    // act
    const result = classifyMessage(message);

    // assess
    expect({ intent: result.intent, language: result.language }).toEqual({ intent, language });
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
    expect(result.reason).not.toBe('');
  });

  test.each<[string, string | undefined]>([
    ['What can this system do?', 'capabilities'],
    ['how does this app work?', 'capabilities'],
    ['¿Qué puede hacer este asistente?', 'capabilities'],
    ['¿para qué sirve esto?', 'capabilities'],
    ['what file types do you support?', 'formats'],
    ['Which formats can I upload?', 'formats'],
    ['can I upload a PDF?', 'formats'],
    ['¿Qué formatos admite?', 'formats'],
    ['¿qué tipos de archivo aceptas?', 'formats'],
    ['hola, ¿puedo subir un pdf?', 'formats'],
    ['how do I upload?', 'upload'],
    ['How can I add new documents?', 'upload'],
    ['¿cómo subo mis documentos?', 'upload'],
    ['¿Cómo puedo añadir archivos?', 'upload'],
    ['what languages do you speak?', 'languages'],
    ['¿en qué idiomas respondes?', 'languages'],
    // Questions for the documents, though they share words with the rules above.
    ['What formats did Shakespeare write in?', undefined],
    ['Which documents did Lincoln sign in 1863?', undefined],
    ['how does it work?', undefined],
    ['¿Qué hace el presidente?', undefined],
    ['how do I add a printer?', undefined],
  ])('%j is about the assistant: %s', (message, topic) => {
    // act
    const result = classifyMessage(message);

    // assess
    expect(result.meta).toBe(topic);
    expect(result.intent).toBe('question');
  });

  test('a typo-tolerant match is less confident than an exact one', () => {
    // act
    const exact = classifyMessage('gracias');
    const typo = classifyMessage('grasias');

    // assess
    expect(typo.confidence).toBeLessThan(exact.confidence);
    expect(typo.reason).toContain('typo');
  });

  test('a real word one letter away from a greeting is not a greeting', () => {
    // act
    const analysis = analyseSocial('hora');

    // assess
    expect(analysis.social).toBe(false);
  });
});

describe('directReply', () => {
  test.each<[string, Intent, string, RegExp]>([
    ['gracias', 'smalltalk', 'es', /^¡(De nada|Con gusto)!/],
    ['thanks!', 'smalltalk', 'en', /welcome|Glad to help/],
    ['hola', 'greeting', 'es', /^¡(Hola|Buenas)!/],
    ['hi', 'greeting', 'en', /^(Hello|Hi)/],
    ['adiós', 'greeting', 'es', /^¡(Hasta luego|Adiós|Nos vemos)!/],
    ['how are you?', 'smalltalk', 'en', /documents/],
    ['¿cómo estás?', 'smalltalk', 'es', /documentos/],
    ['hola, ¿qué tal?', 'greeting', 'es', /documentos/],
    ['what can you do?', 'smalltalk', 'en', /documents/],
    ['tell me a joke', 'off_topic', 'en', /only answer questions about|outside what I can do/],
    ['cuéntame un chiste', 'off_topic', 'es', /Solo (puedo responder|respondo)|fuera de lo que puedo hacer|solo respondo/],
  ])('%j (%s, %s) gets a fitting reply', (message, intent, language, expected) => {
    // act
    const reply = directReply(intent, language, message);

    // assess
    expect(reply).toMatch(expected);
  });

  test('the same message always gets the same reply, and different messages may get different ones', () => {
    // prepare
    const messages = ['hola', 'hola!', 'holaa', 'buenas', 'hola hola', 'hola amigo', 'hola de nuevo', 'buenas buenas'];

    // act
    const first = messages.map((message) => directReply('greeting', 'es', message));
    const second = messages.map((message) => directReply('greeting', 'es', message));

    // assess
    expect(second).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  test('languages other than Spanish get English replies', () => {
    // act
    const reply = directReply('greeting', 'fr', 'bonjour');

    // assess
    expect(reply).toMatch(/documents/);
    expect(reply).not.toMatch(/documentos/);
  });
});

describe('detectOffTopicRequest', () => {
  test.each([
    ['tell me a funny joke', 'joke'],
    ['dime un chiste', 'joke'],
    ['will it rain tomorrow?', 'weather'],
    ['¿qué día es hoy?', 'time'],
    ['sing me a song', 'creative'],
    ['cuánto es 2+2', 'arithmetic'],
  ])('%j is off-topic (%s)', (message, topic) => {
    // act
    const rule = detectOffTopicRequest(message);

    // assess
    expect(rule?.topic).toBe(topic);
  });

  test.each(['What is the climate of Peru?', '¿Cuál es la historia de Lincoln?', 'Which songs are in the 1970 Scrooge musical?'])(
    '%j is left to the documents',
    (message) => {
      // act
      const rule = detectOffTopicRequest(message);

      // assess
      expect(rule).toBeUndefined();
    },
  );
});

describe('decideOffTopic', () => {
  const chunk = (scores: Pick<RetrievedChunk, 'score' | 'vectorScore' | 'textScore'>): RetrievedChunk => ({
    chunkId: 'c1',
    documentId: 'd1',
    source: 'a.txt',
    title: 'A',
    headingPath: [],
    text: 'text',
    ...scores,
  });

  test.each([
    ['nothing retrieved', undefined, true],
    ['a full-text match', chunk({ score: 0.5, vectorScore: 0.05, textScore: 0.1 }), false],
    ['a strong vector match without text match', chunk({ score: 0.5, vectorScore: 0.4, textScore: 0 }), false],
    ['a weak vector match without text match', chunk({ score: 0.5, vectorScore: 0.08, textScore: 0 }), true],
    ['a zero fused score', chunk({ score: 0, vectorScore: 0.9, textScore: 0.3 }), true],
  ])('%s → %s', (_name, best, expected) => {
    // act
    const offTopic = decideOffTopic(best);

    // assess
    expect(offTopic).toBe(expected);
  });

  test('a list is off-topic only when every chunk is weak', () => {
    // prepare
    const weak = chunk({ score: 1, vectorScore: 0.1, textScore: 0 });
    const strong = chunk({ score: 0.4, vectorScore: 0.1, textScore: 0.2 });

    // act and assess
    expect(decideOffTopic([weak, strong])).toBe(false);
    expect(decideOffTopic([weak, weak])).toBe(true);
    expect(decideOffTopic([])).toBe(true);
  });

  test('options and the bare-score form apply their thresholds', () => {
    // prepare
    const best = chunk({ score: 0.3, vectorScore: 0.25, textScore: 0 });

    // act and assess
    expect(decideOffTopic(best, { minVectorScore: 0.3 })).toBe(true);
    expect(decideOffTopic(best, { threshold: 0.5 })).toBe(true);
    expect(decideOffTopic(0.3, 0.5)).toBe(true);
    expect(decideOffTopic(0.3)).toBe(false);
    expect(decideOffTopic(DEFAULT_OFF_TOPIC_THRESHOLD)).toBe(true);
  });
});
