import { trimTrailing } from '../../common/trim-trailing';
import type { Classification } from './classification';

/**
 * Keyword and intent heuristics behind the offline sorter (here) and the offline planner (the
 * planner module), so both read a message the same way. English, German, French and Spanish are
 * covered fully, Italian, Portuguese and Dutch in part. Matching runs on a folded copy of the text
 * (lower case, accents removed), so the word lists are written without accents.
 */

/** What a message asks for, as the planner's capabilities (chat = "write/explain something"). */
export type IntentCapability =
  | 'chat'
  | 'summarize'
  | 'translate'
  | 'web_search'
  | 'url_fetch'
  | 'rag_query'
  | 'file_analysis'
  | 'image_generation'
  | 'text2sound'
  | 'document_generation'
  | 'email_me';

export interface IntentAction {
  capability: IntentCapability;
  /** Where the request for it first appears (in the folded text): the order the user asked in. */
  index: number;
}

export type DocumentFormat = 'pdf' | 'docx' | 'md';

export interface IntentFile {
  mime: string;
  name?: string;
}

export interface IntentAnalysis {
  /** One entry per capability asked for, in order of first mention. */
  actions: IntentAction[];
  /** ISO 639-1 codes the user wants a translation into, in order of mention. */
  translateTargets: string[];
  /** Output format when a document is to be generated. */
  documentFormat: DocumentFormat | null;
  urls: string[];
  /** The message talks about an attachment ("the attached file", "diese Datei", "pièce jointe" …). */
  refersToAttachment: boolean;
  /** The image asked for should illustrate the text produced before it ("… and illustrate it"). */
  imageFromContent: boolean;
  /** Answering needs fresh information from the web (news, today, latest …). */
  webSearch: boolean;
  media?: Classification['media'];
  /** More than one step, or a file to produce: only then is the planner worth asking. */
  multiStep: boolean;
}

/** Only the instruction matters; a long pasted text after it would add false cues. */
const MAX_ANALYZED_CHARS = 1_200;

/** Capabilities whose result is a file: the chat fast path cannot deliver them. */
export const FILE_PRODUCING: ReadonlySet<IntentCapability> = new Set(['image_generation', 'text2sound', 'document_generation']);

const L = '[\\p{L}\\p{N}]';
const B = `(?<!${L})`;
const E = `(?!${L})`;
/** Up to a few words inside one sentence. */
const GAP = "[^.!?\\n]{0,45}?";

function words(...alternatives: string[]): RegExp {
  return new RegExp(`${B}(?:${alternatives.join('|')})${E}`, 'gu');
}

/** Lower case, accents stripped, typographic apostrophes straightened: "Übersetze" → "ubersetze". */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u02BC]/g, "'")
    .toLowerCase();
}

const TRANSLATE = words('translat\\p{L}*', 'ubersetz\\p{L}*', 'uebersetz\\p{L}*', 'trad[u][cisz]\\p{L}*', 'vertaal\\p{L}*', 'vertaling');

const SUMMARIZE = words(
  'summar\\p{L}*',
  'sum (?:it |this |that |them |these )?up',
  'tl;? ?dr',
  'recap\\p{L}*',
  'condense',
  'key points',
  'main points',
  'wichtigsten punkte',
  'kernpunkte',
  'points (?:cles|essentiels)',
  'puntos clave',
  'lo esencial',
  'zusammenfass\\p{L}*',
  `fass\\p{L}*${GAP}${B}zusammen`,
  'kurzfassung',
  'resum\\p{L}*',
  'synthetis\\p{L}*',
  'fais (?:une |la )?synthese',
  'sintetiz\\p{L}*',
  'riassum\\p{L}*',
  'riassunto',
  'samenvat\\p{L}*',
);

/** Reading aloud: "read it out loud", "narrate", "vorlesen", "à haute voix", "en voz alta" … */
const READ_ALOUD = words(
  // en
  `read${GAP}${B}(?:aloud|out loud)`,
  'read (?:it |this |that |them |everything )?out(?! of)',
  'aloud',
  'out loud',
  'narrate(?:d)?',
  'narration',
  'speak (?:it|this|that|them)',
  // de
  'vorles\\p{L}*',
  'vorgelesen',
  `lies${GAP}${B}vor`,
  'laut vor',
  // fr
  '(?:a )?haute voix',
  'voix haute',
  'lis[- ](?:le|la|les|moi)',
  // es, it, pt
  'en voz alta',
  'narralo',
  'ad alta voce',
  'em voz alta',
);

/** Speech as the result: "as audio", "a voice message", "Audiodatei", "fichier audio", "mensaje de voz" … */
const SPEECH_OUTPUT = words(
  // en
  'text[- ]to[- ]speech',
  'tts',
  'voice[- ]?over',
  '(?:as|into|to) (?:an? )?(?:audio|mp3|voice|speech|sound)(?: file| message| recording| version| clip)?',
  '(?:as|into) (?:an? )?[\\p{L}-]+ (?:audio|podcast|mp3)',
  'audio (?:file|version|recording|clip|description)',
  'voice (?:message|memo|note|recording)',
  'spoken version',
  // de
  'sprachausgabe',
  'als (?:\\p{L}+ )?(?:audio\\p{L}*|mp3|sprachnachricht|sprachmemo|horbuch|podcast)',
  'in (?:eine )?audio\\p{L}*',
  'audiodatei',
  'audiobeschreibung',
  'sprachnachricht',
  'vertone\\p{L}*',
  'zum (?:an)?horen',
  // fr
  'synthese vocale',
  '(?:en|un) (?:fichier |message )?(?:audio|mp3|vocal)',
  'fichier audio',
  'message vocal',
  'version audio',
  'lecture audio',
  'description audio',
  // es, it, pt
  'texto a voz',
  '(?:en|como) (?:un )?(?:archivo |mensaje |fichero )?(?:de )?(?:audio|mp3)',
  'archivo de audio',
  'mensaje de voz',
  'descripcion (?:en )?audio',
  'descrizione audio',
);

/** Articles and possessives that make a document noun an input ("the attached report"), not an output. */
const INPUT_DETERMINER =
  "(?<!(?<![\\p{L}\\p{N}])(?:the|this|that|these|those|my|your|attached|dem|der|die|das|diese[mnrs]?|meine[mnrs]?|angehangte[mnrs]?|le|les|ce|cette|mon|ma|mes|du|des|el|este|esta|mi|mis|del|adjunto) )";
const IMAGE_VERBS = [
  'generate',
  'create',
  'make',
  'draw',
  'paint',
  'design',
  'render',
  'produce',
  'sketch',
  'show me',
  'i (?:need|want|would like)',
  'ich (?:brauche|mochte|hatte gern)',
  'je (?:veux|voudrais)',
  "j'aimerais",
  'quiero',
  'necesito',
  'erstell\\p{L}*',
  'generier\\p{L}*',
  'mach\\p{L}*',
  'mal\\p{L}*',
  'zeichne\\p{L}*',
  'erzeug\\p{L}*',
  'gestalt\\p{L}*',
  'entw[iu]rf\\p{L}*',
  'gener\\p{L}*',
  'cree\\p{L}*',
  'crea\\p{L}*',
  'dessin\\p{L}*',
  'fais',
  'fai[st]es',
  'fabriqu\\p{L}*',
  'produi\\p{L}*',
  'realis\\p{L}*',
  'dibuj\\p{L}*',
  'haz(?:me)?',
  'hac\\p{L}*',
  'pint\\p{L}*',
  'disen\\p{L}*',
  'disegn\\p{L}*',
];
const IMAGE_NOUNS = [
  'images?',
  'pictures?',
  'photos?',
  'illustrations?',
  'drawings?',
  'logos?',
  'icons?',
  'paintings?',
  'artwork',
  'posters?',
  'wallpapers?',
  'portraits?',
  'cartoons?',
  'banners?',
  'thumbnails?',
  'avatars?',
  'bild(?:er|es)?',
  'fotos?',
  'grafik(?:en)?',
  'zeichnung(?:en)?',
  'gemalde',
  'plakat',
  'portrat',
  'dessins?',
  'affiches?',
  'tableau',
  'peinture',
  'imagen(?:es)?',
  'ilustracion(?:es)?',
  'dibujos?',
  'carteles?',
  'poster',
  'retratos?',
  'pintura',
  'immagine',
];
const IMAGE_GENERATION = new RegExp(
  `${B}(?:${IMAGE_VERBS.join('|')})${E}${GAP}${INPUT_DETERMINER}${B}(?:${IMAGE_NOUNS.join('|')})${E}` +
    `|${B}(?:draw (?:me |us )?(?:an? |the |some |my )|illustrat\\p{L}*|zeichne (?:mir )?|dessine(?:-moi)?|dibuja(?:me)?|pintame)`,
  'gu',
);

const DOC_NOUNS = '(?:pdfs?|docx|word[- ](?:document|file|datei|dokument)|documents?|reports?|dokument(?:e)?|bericht|rapport|documento|informe|markdown(?: file)?)';
const DOC_ARTICLE = '(?:an? |un |une |una |ein(?:e|em|en|er)? |einem |formato )';
const DOC_FORMATS = "(?:pdfs?|docx|word[- ]?(?:document|file|datei|dokument|format)|markdown(?: file)?|\\.?md file|fichier word|archivo word)";
const DOCUMENT_GENERATION = new RegExp(
  // "as a PDF", "in PDF", "als Word-Datei", "en PDF", "como informe", "sous forme de rapport", "in a document"
  `${B}(?:as|into|to|in|als|zu|en|como|sous forme d[e'])\\s+${DOC_ARTICLE}?${DOC_FORMATS}${E}` +
    `|${B}(?:as|into|in|zu|en)\\s+${DOC_ARTICLE}(?:document|report|dokument|bericht|rapport|documento|informe)${E}` +
    `|${B}(?:als|como|sous forme d[e'])\\s*${DOC_ARTICLE}?(?:document|dokument|bericht|documento|informe|rapport)${E}` +
    // "create a document", "schreibe einen Bericht", "redacta un informe", "export … to PDF"
    `|${B}(?:create|write|generate|make|produce|draft|export|save|prepare|compile|erstell\\p{L}*|schreib\\p{L}*|generier\\p{L}*|exportier\\p{L}*|speicher\\p{L}*|verfass\\p{L}*|cree\\p{L}*|redig\\p{L}*|ecri[st]\\p{L}*|ecrire|gener\\p{L}*|export\\p{L}*|prepar\\p{L}*|crea\\p{L}*|redact\\p{L}*|escrib\\p{L}*|haz)${E}` +
    `${GAP}${INPUT_DETERMINER}${B}${DOC_NOUNS}${E}`,
  'gu',
);

/** A mail address word, folded: "e-mail", "email", "mail", "courriel", "correo (electronico)". */
const MAIL = '(?:e-?mail|mail|courriel|correo(?: electronico)?|correio(?: eletronico)?|posta(?: elettronica)?)';
/**
 * "… and mail it to me": the result should reach the user's own mailbox. Always a verb of
 * sending or mailing with the first person ("me", "mir", "moi", "-melo"), or "my inbox": "write
 * an e-mail to my boss", "per Mail an Herrn X" and "réponds à mon mail" are writing tasks, not this.
 */
const EMAIL_ME = words(
  // en: "email it to me", "mail me the summary", "send it to me by e-mail", "to my inbox"
  `(?:e-?mail|mail) (?:(?:it|this|that|them|these|those|everything|a copy|the \\p{L}+) )?(?:over )?to me`,
  '(?:e-?mail|mail) me',
  `send${GAP}${B}(?:me|to me|myself)${E}${GAP}${B}(?:by|via|per|through|as an?) ${MAIL}`,
  `(?:by|via|per) ${MAIL}${GAP}${B}to me`,
  `(?:to|in|into) my (?:inbox|mailbox|e-?mail address|mail address)`,
  // "send the summary to my email": a sending verb first, so "reply to my email" stays a writing task
  `(?:send|forward)${GAP}${B}to my (?:e-?mail|mail)(?: account)?`,
  // de: "schick es mir per Mail", "per E-Mail an mich", "maile es mir", "an meine E-Mail-Adresse"
  `(?:schick|send|mail|leit)\\p{L}*${GAP}${B}(?:mir|an mich)${E}${GAP}${B}(?:per|als|via|uber) ${MAIL}`,
  `(?:per|via) ${MAIL}${GAP}${B}(?:an mich|mir)${E}`,
  `(?:e-?mail|mail)(?:e|st|t)? (?:(?:es|das|sie|ihn|alles) )?(?:mir|an mich)`,
  `(?:an meine|in mein|an mein) (?:e-?mail|mail|postfach)`,
  // fr: "envoie-le moi par e-mail", "envoyez-moi le résumé par courriel", "à mon adresse mail"
  `envo\\p{L}*[- ](?:(?:le|la|les)[- ])?moi${E}${GAP}${B}(?:par|en|via) ${MAIL}`,
  `(?:par|via) ${MAIL}${GAP}${B}(?:a moi|moi)${E}`,
  `a mon adresse ${MAIL}`,
  `dans ma boite (?:e-?mail|mail|de reception|aux lettres)`,
  // es, it, pt: "mándamelo por correo", "envíame el resumen por email", "inviamelo per email", "envie-me por e-mail"
  `(?:manda|envia|reenvia|invia|inoltra|mande|envie)[- ]?(?:me|melo|mela|melos|melas|mi|mele|meli)${E}${GAP}${B}(?:por|per|via|al|a mi|alla mia|para o meu|no meu) ${MAIL}`,
);

const WEB_SEARCH = words(
  'search (?:the )?(?:web|internet|online)',
  'search for',
  'look (?:it |this |that )?up',
  'google',
  'browse',
  'latest news',
  'news',
  'headlines',
  'weather',
  `such\\p{L}*${GAP}${B}(?:im (?:internet|netz|web)|online)`,
  'recherchier\\p{L}*',
  'nachrichten',
  'schlagzeilen',
  'wetter',
  `cherch\\p{L}*${GAP}${B}(?:sur (?:le |l')?(?:web|internet)|en ligne)`,
  'recherche\\p{L}* (?:sur|en ligne)',
  'actualites?',
  'meteo',
  'dernieres nouvelles',
  `busc\\p{L}*${GAP}${B}(?:en (?:la )?(?:web|internet|linea)|informacion)`,
  'noticias',
  'titulares',
  'ultimas noticias',
);

const FRESHNESS = words(
  'today',
  'tonight',
  'tomorrow',
  'yesterday',
  'this (?:week|month|year)',
  'right now',
  'currently',
  'current',
  'latest',
  'recent(?:ly)?',
  'up[- ]to[- ]date',
  'stock price',
  'heute',
  'gestern',
  'diese woche',
  'aktuell\\p{L}*',
  'neueste\\p{L}*',
  'derzeit',
  'momentan',
  "aujourd'hui",
  'cette semaine',
  'actuel\\p{L}*',
  'en ce moment',
  'recemment',
  'hoy',
  'esta semana',
  'actualmente',
  'actuales',
  'ultimas?',
  'recientes?',
);

const RAG_QUERY = words(
  '(?:in|from|according to|based on|search|across) (?:all )?(?:my|our) (?:documents|files|notes|docs|uploads|knowledge base)',
  'knowledge base',
  'in (?:all )?meinen (?:dokumenten|dateien|unterlagen|notizen)',
  'wissensdatenbank',
  'wissensbasis',
  'dans (?:tous )?mes (?:documents|fichiers|notes)',
  'base de connaissances?',
  'en (?:todos )?mis (?:documentos|archivos|notas)',
  'base de conocimientos?',
);

const FILE_ANALYSIS = words(
  'describe',
  'describ\\p{L}*',
  'beschreib\\p{L}*',
  'decri[rst]\\p{L}*',
  'descriv\\p{L}*',
  'descrev\\p{L}*',
  'analy[sz]\\p{L}*',
  'analysier\\p{L}*',
  'analiz\\p{L}*',
  "what(?:'s| is) (?:in|on|shown in|shown on) (?:this|the|these)",
  'was (?:ist|steht|siehst du|zeigt) (?:auf|in)',
  "qu'y a-t-il",
  'que (?:montre|contient)',
  'que (?:hay|muestra|contiene)',
  'identify',
);

/** Asking for a description by its noun: "an audio description of the image", "Audiobeschreibung", "descripción". */
const DESCRIPTION = words('descriptions?', '(?:audio|bild|foto)?beschreibung', 'descripcion', 'descrizione', 'descricao');

const CHAT = words(
  'write',
  'compose',
  'draft',
  'explain',
  'brainstorm',
  'schreib\\p{L}*',
  'verfass\\p{L}*',
  'erklar\\p{L}*',
  'erzahl\\p{L}*',
  'formulier\\p{L}*',
  'ecri[st]\\p{L}*',
  'ecrire',
  'redig\\p{L}*',
  'expliqu\\p{L}*',
  'racont\\p{L}*',
  'escrib\\p{L}*',
  'redact\\p{L}*',
  'explic\\p{L}*',
  'cuentame',
  'scrivi',
  'spiega',
);

const ATTACHMENT = words(
  'attach\\p{L}*',
  'this (?:file|document|pdf|image|picture|photo|upload|recording)',
  'the (?:file|document|pdf|upload\\p{L}*)',
  'angehangt\\p{L}*',
  'anhang',
  'diese[snmr]? (?:datei|dokument|pdf|bild|foto)',
  'die datei',
  'das dokument',
  'piece jointe',
  'ci-joint\\p{L}*',
  'ce (?:fichier|document|pdf)',
  'cette (?:image|photo)',
  'le (?:fichier|document)',
  'adjunt\\p{L}*',
  'este (?:archivo|documento|pdf)',
  'esta (?:imagen|foto)',
  'el (?:archivo|documento)',
);

const ANAPHORA = words(
  'it',
  'this',
  'that',
  'them',
  'the (?:summary|text|story|poem|article|result|translation)',
  'es',
  'dazu',
  'davon',
  'dafur',
  'passend\\p{L}*',
  'cela',
  'ca',
  'pour l\'illustrer',
  'ello',
  'esto',
  'eso',
  'correspondiente',
  'illustrat\\p{L}*',
);

const URL = /\bhttps?:\/\/[^\s<>"'`)\]]+/giu;
const URL_MARK = '\u0001';

/** A line of a numbered or bulleted list: "1. translate it", "- summarize it". */
const LIST_ITEM = /^\s*(?:\d+[.)]|[-*•])\s+\S/u;

const CLAUSE_BREAK = /[,;:.!?\n]|(?<![\p{L}\p{N}])(?:and|then|und|dann|danach|anschliessend|et|puis|ensuite|y|luego|despues|e|poi)(?![\p{L}\p{N}])/gu;

const MEDIA_WORDS: Array<[NonNullable<Classification['media']>, RegExp]> = [
  ['image', words('images?', 'pictures?', 'photos?', 'illustrations?', 'drawings?', 'logos?', 'bild(?:er)?', 'fotos?', 'dessins?', 'imagen(?:es)?', 'dibujos?')],
  ['audio', words('audio', 'mp3', 'podcast', 'voice', 'song', 'music', 'speech', 'sprachnachricht', 'musik', 'voix', 'musique', 'voz', 'musica', 'cancion')],
  ['video', words('videos?', 'clip', 'movie', 'film')],
  ['document', words('pdfs?', 'docx', 'documents?', 'reports?', 'dokument(?:e)?', 'bericht', 'rapport', 'documentos?', 'informe', 'spreadsheet', 'excel')],
];

/** Language names (English, German, French, Spanish, Italian, Portuguese; folded) → ISO 639-1. */
const LANGUAGE_NAMES: Array<[string, string[]]> = [
  ['en', ['english', 'englisch', 'anglais', 'ingles', 'inglese', 'engels']],
  ['de', ['german', 'deutsch', 'allemand', 'aleman', 'tedesco', 'alemao', 'duits']],
  ['fr', ['french', 'franzosisch', 'franzoesisch', 'francais', 'frances', 'francese', 'frances', 'frans']],
  ['es', ['spanish', 'spanisch', 'espagnol', 'espanol', 'spagnolo', 'espanhol', 'spaans']],
  ['it', ['italian', 'italienisch', 'italien', 'italiano', 'italiaans']],
  ['pt', ['portuguese', 'portugiesisch', 'portugais', 'portugues', 'portoghese']],
  ['nl', ['dutch', 'niederlandisch', 'hollandisch', 'neerlandais', 'neerlandes', 'holandes', 'olandese', 'nederlands']],
  ['pl', ['polish', 'polnisch', 'polonais', 'polaco']],
  ['ru', ['russian', 'russisch', 'russe', 'ruso']],
  ['zh', ['chinese', 'chinesisch', 'chinois', 'chino']],
  ['ja', ['japanese', 'japanisch', 'japonais', 'japones']],
  ['ko', ['korean', 'koreanisch', 'coreen', 'coreano']],
  ['ar', ['arabic', 'arabisch', 'arabe']],
  ['tr', ['turkish', 'turkisch', 'turc', 'turco']],
  ['sv', ['swedish', 'schwedisch', 'suedois', 'sueco']],
  ['uk', ['ukrainian', 'ukrainisch', 'ukrainien', 'ucraniano']],
  ['el', ['greek', 'griechisch', 'grec', 'griego']],
];
const LANGUAGE_BY_NAME = new Map(LANGUAGE_NAMES.flatMap(([code, names]) => names.map((name) => [name, code] as const)));
const LANGUAGE_NAME = `(?:${[...LANGUAGE_BY_NAME.keys()].join('|')})(?:e|en|es|er|a|o)?`;
const TARGET_PREPOSITION = "(?:to|into|in|ins|auf|nach|en|vers (?:l'|le )?|al|a|para el|naar|in het)";
const TRANSLATE_TARGETS = new RegExp(
  `${B}${TARGET_PREPOSITION}\\s+(?:the |das |le |el )?(${LANGUAGE_NAME})${E}((?:\\s*(?:,|and|und|et|y|e|or|oder|ou|o)\\s+(?:${TARGET_PREPOSITION}\\s+)?${LANGUAGE_NAME}${E})*)`,
  'gu',
);
const LANGUAGE_NAME_ONLY = new RegExp(`${B}${LANGUAGE_NAME}${E}`, 'gu');
/** "Put the slides into French", "den Text ins Englische": a translation without the verb ("in French" alone is not). */
const INTO_LANGUAGE = new RegExp(`${B}(?:into|ins) (?:the )?${LANGUAGE_NAME}${E}`, 'gu');

function languageCode(name: string): string | undefined {
  for (let end = name.length; end >= Math.max(name.length - 2, 1); end--) {
    const code = LANGUAGE_BY_NAME.get(name.slice(0, end));
    if (code) return code;
  }
  return undefined;
}

function firstIndex(regex: RegExp, text: string): number {
  regex.lastIndex = 0;
  const match = regex.exec(text);
  regex.lastIndex = 0;
  return match ? match.index : -1;
}

/** The earliest index any of `regexes` matches at, or -1. */
function firstOf(text: string, ...regexes: RegExp[]): number {
  const indexes = regexes.map((regex) => firstIndex(regex, text)).filter((index) => index >= 0);
  return indexes.length > 0 ? Math.min(...indexes) : -1;
}

function firstMatch(regex: RegExp, text: string): RegExpExecArray | null {
  regex.lastIndex = 0;
  const match = regex.exec(text);
  regex.lastIndex = 0;
  return match;
}

function translateTargets(folded: string): string[] {
  const targets: string[] = [];
  for (const match of folded.matchAll(TRANSLATE_TARGETS)) {
    const names = [match[1] ?? '', ...[...(match[2] ?? '').matchAll(LANGUAGE_NAME_ONLY)].map((m) => m[0])];
    for (const name of names) {
      const code = languageCode(name);
      if (code && !targets.includes(code)) targets.push(code);
    }
  }
  return targets;
}

function documentFormat(match: string, folded: string): DocumentFormat {
  const pick = (text: string): DocumentFormat | null =>
    /(?<![\p{L}])(?:docx|word)(?![\p{L}])/u.test(text) ? 'docx' : /markdown|\.md(?![\p{L}])/u.test(text) ? 'md' : /pdf/u.test(text) ? 'pdf' : null;
  return pick(match) ?? pick(folded) ?? 'pdf';
}

/**
 * Quoted text is material, not instruction ("translate 'please write soon'"): blanked out, keeping
 * every offset. Single quotes count only when they stand apart from letters (not "it's"). A quote
 * ends at its own opening mark too, so a run of unclosed marks is read once, not from each mark.
 */
const QUOTED = /"[^"\n]{2,}"|\u201C[^\u201C\u201D\n]{2,}\u201D|\u201E[^\u201E\u201C\u201D\n]{2,}[\u201C\u201D]|\u00AB[^\u00AB\u00BB\n]{2,}\u00BB|(?<![\p{L}\p{N}])'[^'\n]{3,}'(?![\p{L}\p{N}])/gu;

function blankQuotes(folded: string): string {
  return folded.replace(QUOTED, (quoted) => ' '.repeat(quoted.length));
}

/** The bounds of the clause (between connectors and punctuation) around `index`. */
function clauseBounds(folded: string, index: number): [number, number] {
  let start = 0;
  let end = folded.length;
  for (const match of folded.matchAll(CLAUSE_BREAK)) {
    if (match.index + match[0].length <= index) start = match.index + match[0].length;
    else if (match.index > index) {
      end = match.index;
      break;
    }
  }
  return [start, end];
}

function mediaOf(folded: string, actions: readonly IntentAction[], files: readonly IntentFile[]): Classification['media'] {
  const produced = actions.find((a) => FILE_PRODUCING.has(a.capability))?.capability;
  if (produced === 'image_generation') return 'image';
  if (produced === 'text2sound') return 'audio';
  if (produced === 'document_generation') return 'document';
  let best: { media: NonNullable<Classification['media']>; index: number } | undefined;
  for (const [media, regex] of MEDIA_WORDS) {
    const index = firstIndex(regex, folded);
    if (index >= 0 && (best === undefined || index < best.index)) best = { media, index };
  }
  if (best) return best.media;
  const mime = files[0]?.mime ?? '';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('video/')) return 'video';
  return files.length > 0 ? 'document' : undefined;
}

/** Reads what a message asks for. Deterministic and model-free: the offline sorter and planner. */
export function analyzeIntent(text: string, files: readonly IntentFile[] = []): IntentAnalysis {
  const head = text.slice(0, MAX_ANALYZED_CHARS);
  const urls = [...head.matchAll(URL)].map((m) => trimTrailing(m[0], '.,;:!?')).slice(0, 5);
  // A link becomes one neutral mark, so its dots do not end a sentence ("fasse https://x.org/a zusammen").
  const folded = blankQuotes(foldText(head)).replace(URL, URL_MARK);
  const refersToAttachment = firstIndex(ATTACHMENT, folded) >= 0;
  const hasFiles = files.length > 0;

  const found = new Map<IntentCapability, number>();
  const note = (capability: IntentCapability, index: number): void => {
    if (index >= 0 && !found.has(capability)) found.set(capability, index);
  };
  note('translate', firstIndex(TRANSLATE, folded));
  note('translate', firstIndex(INTO_LANGUAGE, folded));
  note('summarize', firstIndex(SUMMARIZE, folded));
  note('text2sound', firstOf(folded, READ_ALOUD, SPEECH_OUTPUT));
  const image = firstMatch(IMAGE_GENERATION, folded);
  if (image) note('image_generation', image.index);
  const document = firstMatch(DOCUMENT_GENERATION, folded);
  if (document) note('document_generation', document.index);
  note('web_search', firstIndex(WEB_SEARCH, folded));
  note('rag_query', firstIndex(RAG_QUERY, folded));
  note('url_fetch', folded.indexOf(URL_MARK));
  if (hasFiles || refersToAttachment) note('file_analysis', firstIndex(FILE_ANALYSIS, folded));
  note('email_me', firstIndex(EMAIL_ME, folded));
  note('chat', firstIndex(CHAT, folded));

  // "Describe this as audio", "read this image out loud", "Audiobeschreibung des Bildes": with only
  // images attached, a description or a reading asked for as speech is about them (what they show,
  // read aloud), never for a new picture, whatever image nouns and making verbs it uses.
  const imagesOnly = hasFiles && files.every((file) => file.mime.startsWith('image/'));
  const about = firstOf(folded, FILE_ANALYSIS, DESCRIPTION, READ_ALOUD);
  if (imagesOnly && found.has('text2sound') && about >= 0) {
    note('file_analysis', about);
    found.delete('image_generation');
  }

  // "Write a summary", "write a report as PDF": the writing verb belongs to the other step.
  const chatIndex = found.get('chat');
  if (chatIndex !== undefined) {
    const [start, end] = clauseBounds(folded, chatIndex);
    if ([...found].some(([capability, index]) => capability !== 'chat' && index >= start && index < end)) found.delete('chat');
  }
  const actions = [...found].map(([capability, index]) => ({ capability, index })).sort((a, b) => a.index - b.index);
  const work = actions.filter((a) => a.capability !== 'chat');
  const listedSteps = head.split('\n').filter((line) => LIST_ITEM.test(line)).length;
  const multiStep =
    work.some((a) => FILE_PRODUCING.has(a.capability) || a.capability === 'email_me') ||
    work.length >= 2 ||
    (work.length === 1 && found.has('chat') && ['translate', 'summarize'].includes(work[0]?.capability ?? '')) ||
    listedSteps >= 2;

  const imageClause = image ? clauseBounds(folded, image.index + image[0].length - 1) : null;
  const imageFromContent =
    image !== null && imageClause !== null && (/^illustrat/u.test(image[0]) || firstIndex(ANAPHORA, folded.slice(...imageClause)) >= 0);

  return {
    actions,
    translateTargets: found.has('translate') ? translateTargets(folded) : [],
    documentFormat: document ? documentFormat(document[0], folded) : null,
    urls,
    refersToAttachment,
    imageFromContent,
    webSearch: found.has('web_search') || firstIndex(FRESHNESS, folded) >= 0,
    media: mediaOf(folded, actions, files),
    multiStep,
  };
}
