import { francAll } from 'franc';

/**
 * ISO 639-3 (what franc reports) → ISO 639-1, for the languages we let franc choose from.
 * Restricting franc to these avoids its rarer near-neighbours (Scots for English, Low German for
 * German), which are wrong far more often than right in chat messages.
 */
const ISO_639_1: Readonly<Record<string, string>> = {
  eng: 'en', deu: 'de', fra: 'fr', spa: 'es', ita: 'it', por: 'pt', nld: 'nl', pol: 'pl', ces: 'cs', slk: 'sk',
  hun: 'hu', ron: 'ro', swe: 'sv', dan: 'da', nob: 'nb', nno: 'nn', fin: 'fi', ekk: 'et', lvs: 'lv', lit: 'lt',
  slv: 'sl', hrv: 'hr', srp: 'sr', bos: 'bs', bul: 'bg', mkd: 'mk', ukr: 'uk', rus: 'ru', bel: 'be', ell: 'el',
  tur: 'tr', arb: 'ar', heb: 'he', pes: 'fa', urd: 'ur', hin: 'hi', ben: 'bn', mar: 'mr', tam: 'ta', tel: 'te',
  guj: 'gu', kan: 'kn', mal: 'ml', pan: 'pa', tha: 'th', vie: 'vi', ind: 'id', zlm: 'ms', tgl: 'tl', swh: 'sw',
  cmn: 'zh', jpn: 'ja', kor: 'ko', cat: 'ca', glg: 'gl', afr: 'af', als: 'sq', kat: 'ka', hye: 'hy', azj: 'az',
  kaz: 'kk', uzn: 'uz', khk: 'mn', npi: 'ne', sin: 'si', mya: 'my', khm: 'km', lao: 'lo', amh: 'am', som: 'so',
  hau: 'ha', yor: 'yo', ibo: 'ig', zul: 'zu', xho: 'xh', epo: 'eo', uig: 'ug', tat: 'tt', kir: 'ky', tgk: 'tg',
  ydd: 'yi', ckb: 'ku', pbu: 'ps',
};
const CANDIDATES = Object.keys(ISO_639_1);

/**
 * Frequent function words (and greetings) of the languages most messages arrive in. Trigram
 * statistics need a paragraph to be reliable; for a one-line question these words decide.
 */
const FUNCTION_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set('the a an and or is are was were be been to of in on for with what who how why when where which this that these those it you your i me my we our can could would should please do does did not hello hi thanks thank good morning write make give tell show about from'.split(' ')),
  de: new Set('fasse zusammen übersetze erkläre es dir mir geht der die das und oder ist sind war waren ein eine einen einem einer zu von mit für auf im in den dem des nicht ich du sie wir ihr mein dein was wer wie warum wann wo welche bitte kannst können hallo danke guten morgen schreibe erstelle gib zeig über aus auch noch'.split(' ')),
  fr: new Set('le la les un une des et ou est sont était de du au aux en pour avec sur dans ce cette ces qui que quoi comment pourquoi quand où quel quelle je tu il elle nous vous mon ton pas ne bonjour merci salut écris fais donne peux pouvez résume'.split(' ')),
  es: new Set('el la los las un una unos unas y o es son era de del al en para con por sobre que qué quién cómo porque cuándo dónde cuál este esta estos yo tú él ella nosotros mi tu no hola gracias buenos días escribe haz dame puedes resume'.split(' ')),
  it: new Set('il lo la gli le un una e o è sono era di del della in per con su che chi come perché quando dove quale questo questa io tu lui lei noi mio non ciao grazie buongiorno scrivi fammi puoi'.split(' ')),
  pt: new Set('o a os as um uma e ou é são era de do da dos das em no na para com por que quem como porque quando onde qual este esta eu tu ele ela nós meu não olá obrigado obrigada bom dia escreva faça pode'.split(' ')),
  ru: new Set('и в во не на что я с со он она они как это по но из у к ты мы вы да нет его её для от до так же бы ли привет спасибо пожалуйста здравствуйте напиши сделай расскажи'.split(' ')),
  nl: new Set('de het een en of is zijn was van in op voor met aan dat die wat wie hoe waarom wanneer waar welke ik jij je hij zij wij mijn niet hallo dank bedankt goedemorgen schrijf maak geef kun kunt'.split(' ')),
};

/** Function words of every language above, for callers that score content words (offline answers). */
export const STOPWORDS: ReadonlySet<string> = new Set(Object.values(FUNCTION_WORDS).flatMap((set) => [...set]));

/** Below this many letters a text says too little to tell its language. */
const MIN_LETTERS = 3;
/** From this many letters on, franc's trigram statistics are trusted over function words. */
const TRIGRAM_LETTERS = 40;
/**
 * How much of a text is judged: plenty for franc, and cut before any pattern runs, so the cost of
 * cleaning does not grow with the message (up to 32,000 characters).
 */
const ANALYZED_CHARS = 2_048;
/**
 * A word (between whitespace) holding an e-mail address: an `@` that is not its first character,
 * then at least one character, a dot and at least one more. Tried once per word, from its start:
 * `\S+@\S+\.\S+` removes the same words but retries from every position, cubic on `'@'.repeat(n)`.
 */
const EMAIL_WORD = /(?<!\S)\S[^\s@]*@\S[^\s.]*\.\S+/g;

/**
 * The ISO 639-1 code of `text`'s language; 'en' when the text is too short or the evidence is
 * unclear. Deterministic and local (franc's trigram models, plus function words for short texts).
 */
export function detectLanguage(text: string): string {
  const cleaned = text
    .slice(0, ANALYZED_CHARS)
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/\bhttps?:\/\/\S+/gi, ' ')
    .replace(EMAIL_WORD, ' ')
    .replace(/[\p{N}_]+/gu, ' ');
  const letters = cleaned.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return 'en';

  const votes = functionWordVotes(cleaned);
  const latin = /\p{Script=Latin}/u.test(cleaned);
  // A short Latin-script text with one leading language, or none, is decided by its function words
  // alone: franc's ranking (most of the cost, on every message's classification) would change nothing.
  if (latin && letters < TRIGRAM_LETTERS && votes.tied.length <= 1) return votes.tied[0] ?? 'en';

  const ranked = francAll(cleaned, { only: CANDIDATES, minLength: 1 });
  const [best, second] = ranked;
  const trigramGuess = best && best[0] !== 'und' ? ISO_639_1[best[0]] : undefined;
  const margin = best && second ? best[1] - second[1] : 1;

  // Most non-Latin scripts identify their language by themselves; franc answers those by script.
  if (trigramGuess && votes.tied.length === 0 && !latin) return trigramGuess;

  // Function words shared by two languages (German and Portuguese "das") are settled by franc.
  const leader = votes.tied.length > 0 ? (ranked.map(([code]) => ISO_639_1[code]).find((code) => code && votes.tied.includes(code)) ?? votes.tied[0]) : undefined;
  if (letters < TRIGRAM_LETTERS) return leader ?? 'en';
  if (leader && votes.top >= 2 && votes.top >= 2 * votes.runnerUp) return leader;
  if (trigramGuess && margin >= 0.02) return trigramGuess;
  return leader ?? 'en';
}

/** The languages whose function words occur most often (several on a tie), and the counts. */
function functionWordVotes(text: string): { tied: string[]; top: number; runnerUp: number } {
  const words = text.toLowerCase().match(/\p{L}+(?:'\p{L}+)?/gu) ?? [];
  const scores = Object.entries(FUNCTION_WORDS).map(([language, set]) => ({ language, hits: words.filter((w) => set.has(w)).length }));
  const top = Math.max(...scores.map((s) => s.hits));
  if (top === 0) return { tied: [], top: 0, runnerUp: 0 };
  const tied = scores.filter((s) => s.hits === top).map((s) => s.language);
  const runnerUp = tied.length > 1 ? top : Math.max(...scores.filter((s) => s.hits < top).map((s) => s.hits), 0);
  return { tied, top, runnerUp };
}
