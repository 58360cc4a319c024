import type { Intent } from './classify-intent.js';
import type { Language } from './detect-language.js';
import { analyseSocial, type SocialKind } from './social-lexicon.js';

type ReplyKind = SocialKind | 'off_topic' | 'question';

type Replies = Record<ReplyKind, readonly string[]>;

const SPANISH: Replies = {
  hello: [
    '¡Hola! Pregúntame lo que quieras sobre tus documentos.',
    '¡Hola! ¿Qué quieres saber de tus documentos?',
    '¡Buenas! Estoy aquí para responder preguntas sobre tus documentos.',
  ],
  farewell: [
    '¡Hasta luego! Vuelve cuando tengas más preguntas sobre tus documentos.',
    '¡Adiós! Aquí estaré si necesitas algo de tus documentos.',
    '¡Nos vemos! Que te vaya bien.',
  ],
  thanks: [
    '¡De nada! Si tienes otra pregunta sobre tus documentos, aquí estoy.',
    '¡De nada! ¿Quieres saber algo más?',
    '¡Con gusto! Pregúntame lo que necesites de tus documentos.',
  ],
  wellbeing: [
    '¡Muy bien, gracias! Estoy aquí para responder preguntas sobre tus documentos. ¿Qué quieres saber?',
    '¡Todo bien por aquí! Puedo buscar en tus documentos y responderte con citas. ¿En qué te ayudo?',
    '¡Bien, gracias por preguntar! Pregúntame lo que quieras sobre tus documentos.',
  ],
  identity: [
    'Soy el chat de tus documentos: busco en ellos y respondo con citas a las fuentes.',
    'Soy un buscador conversacional para tus documentos. Pregúntame algo y te responderé citando las fuentes.',
    'Soy el chat de esta base documental: respondo preguntas usando solo tus documentos.',
  ],
  capabilities: [
    'Puedo responder preguntas sobre los documentos que has subido, citando de dónde sale cada dato. Prueba con algo como «¿Quién dirigió…?» o «¿Cuándo se construyó…?».',
    'Busco en tus documentos y respondo con citas. Hazme una pregunta concreta sobre su contenido.',
    'Respondo preguntas sobre tus documentos y te digo en qué documento y página está cada dato.',
  ],
  ask: ['¡Claro! Pregunta lo que quieras sobre tus documentos.', 'Adelante, ¿cuál es tu pregunta?', 'Por supuesto, dime tu pregunta.'],
  acknowledgement: [
    '¡Perfecto! ¿Algo más que quieras saber de tus documentos?',
    'Entendido. ¿Tienes otra pregunta?',
    '¡Genial! Aquí estoy si necesitas algo más.',
  ],
  laughter: [
    '😄 ¿Te ayudo con algo de tus documentos?',
    '¡Jaja! ¿Alguna pregunta sobre tus documentos?',
    '😄 Cuando quieras, pregúntame sobre tus documentos.',
  ],
  off_topic: [
    'Solo puedo responder preguntas sobre tus documentos. ¿Qué te gustaría saber de ellos?',
    'Eso queda fuera de lo que puedo hacer: respondo preguntas sobre tus documentos. ¿Te ayudo con alguno?',
    'Lo siento, solo respondo preguntas sobre el contenido de tus documentos.',
  ],
  question: ['Pregúntame lo que quieras sobre tus documentos.'],
};

const ENGLISH: Replies = {
  hello: [
    'Hello! Ask me anything about your documents.',
    'Hi! What would you like to know from your documents?',
    'Hi there! I answer questions about your documents.',
  ],
  farewell: [
    'Goodbye! Come back whenever you have more questions about your documents.',
    'See you! I am here whenever you need something from your documents.',
    'Bye! Take care.',
  ],
  thanks: [
    "You're welcome! If you have another question about your documents, just ask.",
    "You're welcome! Anything else you'd like to know?",
    'Glad to help! Ask me anything else about your documents.',
  ],
  wellbeing: [
    "I'm doing well, thanks! I answer questions about your documents. What would you like to know?",
    'All good here! I can search your documents and answer with citations. How can I help?',
    'Great, thanks for asking! Ask me anything about your documents.',
  ],
  identity: [
    'I am the chat for your documents: I search them and answer with citations to the sources.',
    'I am a conversational search over your documents. Ask me something and I will answer citing the sources.',
    'I am the chat of this document collection: I answer questions using only your documents.',
  ],
  capabilities: [
    'I answer questions about the documents you have uploaded and cite where each fact comes from. Try something like "Who directed…?" or "When was … built?".',
    'I search your documents and answer with citations. Ask me a specific question about their content.',
    'I answer questions about your documents and tell you which document and page each fact is on.',
  ],
  ask: ['Sure! Ask me anything about your documents.', 'Go ahead, what is your question?', 'Of course, what would you like to know?'],
  acknowledgement: [
    'Great! Anything else you would like to know from your documents?',
    'Got it. Do you have another question?',
    'Perfect! I am here if you need anything else.',
  ],
  laughter: [
    '😄 Can I help you with something from your documents?',
    'Haha! Any questions about your documents?',
    '😄 Whenever you like, ask me about your documents.',
  ],
  off_topic: [
    'I can only answer questions about your documents. What would you like to know from them?',
    'That is outside what I can do: I answer questions about your documents. Can I help with one?',
    'Sorry, I only answer questions about the content of your documents.',
  ],
  question: ['Ask me anything about your documents.'],
};

// When a message mixes several social acts, the most specific one gets the answer:
// "hola, ¿qué tal?" is answered as "how are you", "gracias, adiós" as thanks.
const PRIORITY: readonly SocialKind[] = ['identity', 'capabilities', 'ask', 'wellbeing', 'thanks', 'farewell', 'hello', 'acknowledgement', 'laughter'];

/**
 * The canned reply for a message answered without retrieval, in the user's language (Spanish
 * or English; other languages get English). Several variants per situation; the choice is a
 * hash of the message, so the same message always gets the same reply.
 */
export function directReply(intent: Intent, language: Language, message: string): string {
  const replies = language === 'es' ? SPANISH : ENGLISH;
  const kind = replyKind(intent, message);
  const variants = replies[kind];
  return variants[hashText(message) % variants.length]!;
}

function replyKind(intent: Intent, message: string): ReplyKind {
  if (intent === 'off_topic') return 'off_topic';
  if (intent === 'question') return 'question';
  const kinds = new Set(analyseSocial(message).matches.map((match) => match.kind));
  const found = PRIORITY.find((kind) => kinds.has(kind));
  if (found) return found;
  return intent === 'greeting' ? 'hello' : 'acknowledgement';
}

/** 32-bit FNV-1a: a stable, platform-independent choice of variant. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
