// Function words of English and Spanish (accent-folded). They carry no topic, so the local
// embedder and query builders ignore them.
const ENGLISH = `a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my
myself no nor not now of off on once only or other our ours ourselves out over own same she should so
some such than that the their theirs them themselves then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your yours
yourself yourselves also may might must shall s t d ll m o re ve y`;

const SPANISH = `a al algo algunas algunos ante antes como con contra cual cuales cuando de del desde donde
durante e el ella ellas ellos en entre era erais eramos eran eras eres es esa esas ese eso esos esta
estaba estaban estado estais estamos estan estar estas este esto estos estoy fue fueron fui fuimos ha
haber habia habian han has hasta hay he la las le les lo los mas me mi mis mucho muchos muy nada ni no
nos nosotras nosotros nuestra nuestras nuestro nuestros o os otra otras otro otros para pero poco por
porque que quien quienes se sea sean ser si sido sin sobre sois somos son soy su sus suya suyas suyo
suyos tambien tanto te tenemos tener tengo ti tiene tienen toda todas todo todos tu tus un una uno unos
vosotras vosotros vuestra vuestras vuestro vuestros y ya yo cual cuales`;

export const STOPWORDS: ReadonlySet<string> = new Set([...ENGLISH.split(/\s+/), ...SPANISH.split(/\s+/)]);

export function isStopword(foldedWord: string): boolean {
  return STOPWORDS.has(foldedWord);
}
