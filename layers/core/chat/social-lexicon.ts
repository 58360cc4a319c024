import { foldText, isStopword } from '../text/index.js';
import { matchWord, type WordMatch } from './fuzzy-match.js';

/** What a social phrase does; it picks the intent and the canned reply. */
export type SocialKind = 'hello' | 'farewell' | 'thanks' | 'wellbeing' | 'identity' | 'capabilities' | 'ask' | 'acknowledgement' | 'laughter';

// Accent-folded, apostrophes removed ("what's" → "whats"), one phrase per line segment.
const PHRASES: Record<Exclude<SocialKind, 'laughter'>, string> = {
  hello: `hola | holi | holis | ola | alo | buenas | buenos dias | buen dia | buenas tardes | buenas noches |
    saludos | que onda | que hubo | quiubo | hey | hi | hello | hallo | hiya | heya | howdy | greetings |
    good morning | good afternoon | good evening | morning | ey | oye | hola hola | welcome back`,
  farewell: `adios | chao | chau | ciao | hasta luego | hasta pronto | hasta manana | hasta la proxima | hasta otra |
    nos vemos | un saludo | cuidate | que te vaya bien | me voy | me tengo que ir | bye | bye bye | byebye |
    goodbye | good bye | see you | see you later | see you soon | see ya | cya | later | take care | farewell |
    good night | goodnight | i have to go | i gotta go | gotta go`,
  thanks: `gracias | muchas gracias | mil gracias | muchisimas gracias | gracias mil | te lo agradezco | se agradece |
    muy amable | gracias por la ayuda | gracias por tu ayuda | gracias por la informacion | gracias por la respuesta |
    thanks | thank you | thank u | thankyou | thanx | thx | ty | tysm | thanks a lot | many thanks |
    much appreciated | appreciate it | i appreciate it | cheers | thanks for the help | thanks for your help |
    thanks for the info | thanks for the information | thanks for the answer | thank you for your help |
    thank you for the help`,
  wellbeing: `que tal | como estas | como esta | como te va | como va | como va todo | como andas | como has estado |
    como te encuentras | que tal estas | que tal todo | que hay | que hay de nuevo | que cuentas | todo bien | y tu | y usted | tu tambien | igualmente |
    how are you | how are u | how r u | how are ya | how you doing | how are you doing | hows it going |
    how is it going | hows everything | how do you do | how have you been | whats up | sup | wassup | whats new |
    hows your day | how is your day | hows your day going | all good | and you | you too`,
  identity: `quien eres | que eres | quien sos | como te llamas | cual es tu nombre | tienes nombre | eres un bot |
    eres un robot | eres humano | eres una persona | eres real | who are you | what are you | whats your name |
    what is your name | are you a bot | are you a robot | are you human | are you real | are you a person`,
  capabilities: `que puedes hacer | que sabes hacer | que haces | que sabes | en que me puedes ayudar |
    en que puedes ayudarme | como me puedes ayudar | como puedes ayudarme | para que sirves | como funcionas | ayuda |
    ayudame | help | what can you do | what do you do | how can you help | how can you help me | what can i ask |
    what can i ask you | que puedo preguntar | que te puedo preguntar | what are you for | how do you work |
    what do you know`,
  ask: `tengo una pregunta | tengo una duda | una pregunta | una duda | pregunta | i have a question | quick question |
    can i ask you something | can i ask something | can i ask a question | puedo hacerte una pregunta |
    puedo preguntarte algo | te puedo preguntar algo | te hago una pregunta`,
  acknowledgement: `ok | okay | oki | okey | okis | k | kk | vale | genial | perfecto | perfect | great | cool | nice |
    good | bien | muy bien | excelente | excellent | awesome | super | entendido | de acuerdo | claro | got it |
    understood | sure | alright | all right | fine | i see | ya veo | ah vale | listo | dale | si | yes | yeah |
    yep | yup | no | nope | nah | bueno | fantastic | fantastico | estupendo | interesante | interesting | wow |
    guau | im fine | i am fine | im good | i am good | estoy bien | me alegro | glad to hear | good to know |
    buen trabajo | good job | well done | bien hecho | de nada | no problem | no hay problema | sorry | perdon |
    lo siento | disculpa | my bad | entiendo | i understand | makes sense | tiene sentido | correcto | correct |
    exacto | exactly | right | vaya | mola | chido | chevere | bacano | amazing | increible | cierto | not bad |
    nada mal | doing well | that was helpful | that was very helpful | that was useful | that helps | that helped |
    very helpful | so helpful | really helpful | super helpful | helpful | great answer | good answer | nice answer |
    perfect answer | great job | me sirvio | me sirvio mucho | me ha servido | me ha servido mucho | me ayudo |
    me ayudo mucho | me ha ayudado | muy util | buena respuesta | excelente respuesta | gran respuesta |
    justo lo que necesitaba | exactly what i needed | just what i needed`,
};

// Words that carry no request on their own around social phrases ("hola amigo", "thanks so much").
const FILLERS = new Set(
  `bot chatbot robot amigo amiga amigos friend friends buddy pal there all everyone everybody todos todas todo guys
  folks gente chicos equipo team again de nuevo otra vez so much very muy mucho muchas muchos muchisimas muchisimo
  really a lot tu usted you u ti too tambien also y and e por favor please pls plz porfa porfavor xfa oh ah eh uh
  um umm hmm mm pues well then entonces the la el for your mi my me te i yo hoy today senor sir`.split(/\s+/),
);

// Words that may follow thanks or praise without making a request ("thanks, that was really clear").
const PRAISE_WORDS = new Set(
  `that thats this it its was is been has have had just exactly what i needed need wanted looking for the answer
  answers response reply replies explanation info information clear helpful useful informative detailed precise
  correct perfect great good nice awesome excellent amazing brilliant spot on lot helped helps sirvio sirve servido
  ha me ayudo ayudaste ayudado util utiles clara claro claras respuesta respuestas explicacion justo lo que necesitaba
  buscaba eso esto era es fue muy bastante perfecta perfecto buena bueno buenisima excelente genial gran de`.split(/\s+/),
);
// At least one of these makes the tail praise rather than, say, "thanks, what is it".
const EVALUATIVE_WORDS = new Set(
  `answer answers response reply explanation clear helpful useful informative detailed precise correct perfect great
  good nice awesome excellent amazing brilliant helped helps needed sirvio sirve servido ayudo ayudaste ayudado util
  utiles clara claro respuesta respuestas explicacion necesitaba buscaba perfecta perfecto buena buenisima excelente
  genial`.split(/\s+/),
);
const PRAISE_KINDS: ReadonlySet<SocialKind> = new Set(['thanks', 'acknowledgement']);

// Real words one edit away from a lexicon word: never read them as typos ("hora" is not "hola").
const PROTECTED_WORDS = new Set(
  `hora horas sola solo hoja bola cola hole hold holy hula olas chat chats vela valle valla vals sale tale male pale
  nota tanks thinks find fire five line mine wine nine file dine fins fina fino hell hells cello jello held heap helm
  supper supe dice rice mice nick niece treat grant greet audios radios water latex layer lager laser hater cure pure
  sore surf date lista clara caro clavo moda mora mole fight eight light might night sight tight rights note rope
  hope nose year yeas cheeks ciento genital chino data`.split(/\s+/),
);

const LEXICON: { kind: Exclude<SocialKind, 'laughter'>; words: string[]; text: string }[] = Object.entries(PHRASES)
  .flatMap(([kind, list]) =>
    list
      .split('|')
      .map((phrase) => phrase.trim().replace(/\s+/g, ' '))
      .filter(Boolean)
      .map((text) => ({ kind: kind as Exclude<SocialKind, 'laughter'>, words: text.split(' '), text })),
  )
  // Longest phrases first, so "buenas tardes" wins over "buenas".
  .sort((a, b) => b.words.length - a.words.length);

const LAUGHTER = /^(?:(?:j+[aeiou]+){2,}j*|(?:h+[aeiou]+){2,}h*|(?:js)+j?|l+o+l+|lmao|rofl|x+d+)$/;

export interface SocialMatch {
  kind: SocialKind;
  /** The lexicon phrase, or the laughter token. */
  phrase: string;
  /** Index of the first token it covers. */
  start: number;
  end: number;
  typo: boolean;
}

export interface SocialAnalysis {
  /** Accent-folded word tokens of the message, apostrophes removed. */
  tokens: string[];
  /** Social phrases found from the start of the message, in order. */
  matches: SocialMatch[];
  /** Index of the first token that is neither a social phrase nor a filler (tokens.length when none). */
  coveredUntil: number;
  /** True when every token is part of a social phrase or a filler, and at least one phrase matched. */
  social: boolean;
}

/** Accent-folded word tokens, apostrophes dropped so "what's" meets "whats". Emojis and punctuation vanish. */
export function socialTokens(message: string): string[] {
  return foldText(message.replace(/['’]/g, '')).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Reads the message from its start as a run of social phrases (greetings, thanks, small talk)
 * and fillers, tolerating stretched letters and small typos. Stops at the first token that is
 * neither: everything from there on is a request of some sort.
 */
export function analyseSocial(message: string): SocialAnalysis {
  const tokens = socialTokens(message);
  const matches: SocialMatch[] = [];
  let index = 0;
  while (index < tokens.length) {
    const match = matchPhraseAt(tokens, index);
    if (match) {
      matches.push(match);
      index = match.end;
      continue;
    }
    const token = tokens[index]!;
    if (LAUGHTER.test(token)) {
      matches.push({ kind: 'laughter', phrase: token, start: index, end: index + 1, typo: false });
      index += 1;
      continue;
    }
    if (FILLERS.has(token)) {
      index += 1;
      continue;
    }
    break;
  }
  const social = index === tokens.length && matches.length > 0;
  const praise = social ? undefined : praiseMatches(message, tokens, index, matches);
  if (praise) return { tokens, matches: praise, coveredUntil: tokens.length, social: true };
  return { tokens, matches, coveredUntil: index, social };
}

/**
 * Thanks or a compliment with words of its own ("thanks, that was really clear", "muchas gracias,
 * justo lo que buscaba"): the tail after `from` holds only praise words, fillers and further social
 * phrases, at least one evaluative word, and the message asks nothing (no question mark).
 */
function praiseMatches(message: string, tokens: string[], from: number, matches: SocialMatch[]): SocialMatch[] | undefined {
  if (/[?¿]/.test(message)) return undefined;
  const found = [...matches];
  let evaluative = false;
  let index = from;
  while (index < tokens.length) {
    const match = matchPhraseAt(tokens, index);
    if (match) {
      found.push(match);
      if (PRAISE_KINDS.has(match.kind)) evaluative = true;
      index = match.end;
      continue;
    }
    const token = tokens[index]!;
    if (!PRAISE_WORDS.has(token) && !FILLERS.has(token)) return undefined;
    if (EVALUATIVE_WORDS.has(token)) evaluative = true;
    index += 1;
  }
  return evaluative && found.some((match) => PRAISE_KINDS.has(match.kind)) ? found : undefined;
}

function matchPhraseAt(tokens: string[], start: number): SocialMatch | undefined {
  let best: SocialMatch | undefined;
  for (const entry of LEXICON) {
    if (best && entry.words.length < best.end - best.start) break;
    if (start + entry.words.length > tokens.length) continue;
    let typo = false;
    let matched = true;
    for (let offset = 0; offset < entry.words.length; offset += 1) {
      const result: WordMatch = matchWord(tokens[start + offset]!, entry.words[offset]!, isRealWord);
      if (result === 'none') {
        matched = false;
        break;
      }
      if (result === 'typo') typo = true;
    }
    if (!matched) continue;
    const candidate: SocialMatch = { kind: entry.kind, phrase: entry.text, start, end: start + entry.words.length, typo };
    // Among phrases of equal length prefer an exact reading over a typo reading.
    if (!best || (best.typo && !typo)) best = candidate;
  }
  return best;
}

// Stopwords are real words too: "como" must never be read as a typo of anything.
function isRealWord(word: string): boolean {
  return PROTECTED_WORDS.has(word) || isStopword(word);
}

/**
 * The request after a social opening, so retrieval sees only the question: "Hi! Quick question:
 * how many strings does a violin have?" → "how many strings does a violin have?", "Hola, ¿cuántas
 * cuerdas tiene un violín?" → "¿cuántas cuerdas tiene un violín?". A message without such an
 * opening, or made only of it, comes back unchanged.
 */
export function stripSocialPrefix(message: string): string {
  const analysis = analyseSocial(message);
  if (analysis.matches.length === 0 || analysis.social || analysis.coveredUntil === 0) return message;
  // Same word boundaries as socialTokens, on the original text so offsets hold.
  const words = [...message.matchAll(/[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu)];
  if (words.length !== analysis.tokens.length) return message;
  let start = words[analysis.coveredUntil]!.index!;
  const before = message.slice(0, start).trimEnd();
  if (before.endsWith('¿') || before.endsWith('¡')) start = before.length - 1;
  return message.slice(start).trim();
}
