import { trimTrailing } from '../../common/trim-trailing';
import type { Classification } from './classification';
import * as lexicon from './intent-lexicon';

/**
 * Keyword and intent heuristics behind the offline sorter (here) and the offline planner (the
 * planner module), so both read a message the same way, in English, German, French, Spanish,
 * Italian, Portuguese, Dutch and Turkish (the word lists: intent-lexicon.ts). Matching runs on a
 * folded copy of the text (lower case, accents removed, Turkish ı as i), so the lists are written
 * without accents. A cue that is negated ("without a picture") or part of a question about the
 * thing ("how do I make a pivot table?") asks for nothing.
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
  | 'calendar_event'
  | 'email_me';

export interface IntentAction {
  capability: IntentCapability;
  /** Where the request for it first appears (in the folded text): the order the user asked in. */
  index: number;
}

export type DocumentFormat = 'pdf' | 'docx' | 'md' | 'xlsx' | 'csv' | 'pptx';

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
  /** The picture it makes is then to be described ("make a picture, then describe it"): file_analysis of the generated image. */
  describeGenerated: boolean;
  /** The text written in the attached images is asked for (a transcription, OCR), not what they show. */
  transcribe: boolean;
  /** Answering needs fresh information from the web (news, today, latest …). */
  webSearch: boolean;
  media?: Classification['media'];
  /** More than one step, or a file to produce: only then is the planner worth asking. */
  multiStep: boolean;
}

/** Only the instruction matters; a long pasted text after it would add false cues. */
const MAX_ANALYZED_CHARS = 1_200;

/** Capabilities whose result is a file: the chat fast path cannot deliver them. */
export const FILE_PRODUCING: ReadonlySet<IntentCapability> = new Set(['image_generation', 'text2sound', 'document_generation', 'calendar_event']);
/** Capabilities that read material the fast path's chat answer cannot (a page, the user's documents, images). */
const READS_MATERIAL: ReadonlySet<IntentCapability> = new Set(['url_fetch', 'rag_query', 'file_analysis']);

const L = '[\\p{L}\\p{N}]';
const B = `(?<!${L})`;
const E = `(?!${L})`;
/** Up to a few words inside one sentence. */
const GAP = "[^.!?:\\n]{0,45}?";

function words(...alternatives: string[]): RegExp {
  return new RegExp(`${B}(?:${alternatives.join('|')})${E}`, 'gu');
}

/** One alternation group of `alternatives`, for building larger patterns. */
function any(alternatives: readonly string[]): string {
  return `(?:${alternatives.join('|')})`;
}

/** Lower case, accents stripped, typographic apostrophes straightened: "Übersetze" → "ubersetze". */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u02BC]/g, "'")
    .toLowerCase()
    .replace(/\u0131/g, 'i');
}

/** Verbs and nouns of translating; not the translator ("Übersetzer zu werden", "traductor"). */
const TRANSLATE = words(
  'translat(?!ors?(?![\\p{L}]))\\p{L}*',
  'u(?:e)?bersetz(?!er)\\p{L}*',
  'trad[u][cisz](?!teur|tor|ttor)\\p{L}*',
  'tradurr\\p{L}*',
  'verta(?:a)?l(?!er)\\p{L}*',
  'cevir(?!men)\\p{L}*',
);

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
  '(?:une|la|en) synthese',
  'sintetiz\\p{L}*',
  'riassum\\p{L}*',
  'riassunto',
  'riepilog\\p{L}*',
  'sintesi',
  'sumariz\\p{L}*',
  'samenvat\\p{L}*',
  `vat\\p{L}*${GAP}${B}samen`,
  'ozet\\p{L}*',
);

/** Reading aloud: "read it out loud", "narrate", "vorlesen", "à haute voix", "en voz alta" … */
const READ_ALOUD = words(
  // en
  `read${GAP}${B}(?:aloud|out loud)`,
  'read (?:it |this |that |them |everything )?out(?! of)',
  'read (?:it |this |that )?(?:to )?me',
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
  `lies${GAP}${B}laut`,
  `sprich${GAP}${B}(?:vor|laut|ein)`,
  'einsprechen',
  // es, it, pt
  'en voz alta',
  'narralo',
  'ad alta voce',
  'leggimel[oa]',
  'em voz alta',
  // nl
  'voorlez\\p{L}*',
  'voorgelezen',
  `lees${GAP}${B}voor`,
  'hardop',
  // tr
  'sesli oku\\p{L}*',
  'seslendir\\p{L}*',
);

/** Speech as the result: "as audio", "a voice message", "Audiodatei", "fichier audio", "mensaje de voz" … */
const SPEECH_OUTPUT = words(
  // en
  'text[- ]to[- ]speech',
  'tts',
  'voice[- ]?over',
  '(?:as|into|to) (?:an? )?(?:audio|mp3|voice|speech|sound)(?: file| message| recording| version| clip)?',
  '(?:as|into) (?:an? )?[\\p{L}-]+ (?:audio|podcast|mp3)',
  'audio (?:file|version|recording|clip|description|message)',
  'voice (?:message|memo|note|recording)',
  'spoken version',
  // de
  'sprachausgabe',
  'als (?:\\p{L}+ )?(?:audio\\p{L}*|mp3|sprachnachricht|sprachmemo|horbuch|podcast)',
  'in (?:eine )?audio\\p{L}*',
  'audiodatei',
  '(?:sprach|audio|ton)aufnahme',
  'audiobeschreibung',
  'sprachnachricht',
  'vertone\\p{L}*',
  'zum (?:an)?horen',
  // fr
  'synthese vocale',
  '(?:en|un) (?:fichier |message )?(?:audio|mp3|vocal)',
  'fichier audio',
  'enregistrement audio',
  'message vocal',
  'version audio',
  'lecture audio',
  'description audio',
  // es, it, pt
  'texto a voz',
  '(?:en|como) (?:un )?(?:archivo |mensaje |fichero )?(?:de )?(?:audio|mp3)',
  'archivo de audio',
  'grabacion de audio',
  'registrazione audio',
  'gravacao de audio',
  'geluidsopname',
  'ses kayd\\p{L}*',
  'mensaje de voz',
  'descripcion (?:en )?audio',
  'descrizione audio',
  // it, pt
  '(?:in|come) (?:un )?(?:file |messaggio )?(?:audio|mp3|vocale)',
  'file audio',
  'messaggio vocale',
  '(?:em|como) (?:um )?(?:arquivo |ficheiro |mensagem )?(?:de )?(?:audio|mp3)',
  'arquivo de audio',
  'mensagem de voz',
  // nl
  '(?:als|in) (?:een )?(?:audio\\p{L}*|mp3|spraakbericht)',
  'audiobestand',
  'spraakbericht',
  // tr
  'ses dosya\\p{L}*',
  'ses(?:e|li) (?:donustur|cevir|hale getir)\\p{L}*',
  'sesli mesaj\\p{L}*',
  'mp3 olarak',
);

/** Articles and possessives that make a document noun an input ("the attached report"), not an output. */
const INPUT_DETERMINER =
  "(?<!(?<![\\p{L}\\p{N}])(?:to|the|this|that|these|those|my|your|attached|dem|der|die|das|diese[mnrs]?|meine[mnrs]?|angehangte[mnrs]?|le|les|ce|cette|mon|ma|mes|du|el|este|esta|mi|mis|del|adjunto|questo|questa|mio|mia|meu|minha|esse|essa|deze|dit|mijn|bu) )";
const IMAGE_GENERATION = new RegExp(
  `${B}${any([...lexicon.MAKE_VERBS, ...lexicon.WISH_VERBS])}${E}${GAP}${INPUT_DETERMINER}${B}${any(lexicon.IMAGE_NOUNS)}${E}` +
    // Verb-final: "ein Bild von … malen", "een foto maken", "bir görsel oluştur"
    `|${INPUT_DETERMINER}${B}${any(lexicon.IMAGE_NOUNS)}${E}${GAP}${B}${any(lexicon.MAKE_VERBS_FINAL)}${E}` +
    // Drawing or painting something, whatever it is: "draw a fox", "male mir ein Boot", "dipingi un faro"
    `|${B}(?:(?:draw|paint|sketch) (?:me |us )?(?:an? |the |some |my )|illustrat\\p{L}*|zeichne (?:mir )?|mal(?:e)? (?:mir )?(?:ein|eine|einen) |dessine(?:-moi)?|peins(?:-moi)? (?:un|une) |dibuja(?:me)?|pintame|pinta (?:un|una) |disegna(?:mi)?|dipingi(?:mi)? (?:un|una) |desenh[ae](?:-me)?|teken (?:een|me)|schilder (?:een|me) )`,
  'gu',
);

/** Format names after a preposition need no article ("as PDF", "en CSV"); "word" and "excel" alone only after a clear one. */
const FORMAT_NAME = '(?:pdfs?|docx|word|markdown|\\.?md|csv|xlsx|excel|pptx|powerpoint)';
const CLEAR_FORMAT_NAME = '(?:pdfs?|docx|markdown|csv|xlsx|pptx)';
const EXPORT_VERBS = any(['export\\p{L}*', 'convert\\p{L}*', 'save', 'turn', 'speicher\\p{L}*', 'konvertier\\p{L}*', 'esport\\p{L}*', 'pas(?:a|ar|alo|ala|amelo|ame)', 'exporteer', 'zet']);
const FORMAT_NAME_NOT_WORD = '(?:pdfs?|docx|markdown|\\.?md|csv|xlsx|excel|pptx|powerpoint)';
const GENRES = any(lexicon.FORMAT_GENRES.map(([, pattern]) => pattern));
/** What a document to make is called: a format, a genre (slides, a spreadsheet) or a document noun. */
const DOC_THINGS = any([
  '(?:pdfs?|docx|xlsx|csv|pptx|excel|powerpoint|markdown)',
  `word[- ]?(?:${lexicon.FILE_WORDS}|docs?)`,
  GENRES,
  ...lexicon.DOCUMENT_NOUNS,
]);
const DOC_VERBS = any([
  ...lexicon.MAKE_VERBS,
  ...lexicon.WISH_VERBS,
  'write', 'draft', 'export', 'save', 'compile', 'turn', 'convert', 'put',
  'schreib\\p{L}*', 'exportier\\p{L}*', 'speicher\\p{L}*', 'verfass\\p{L}*', 'pack\\p{L}*', 'setz\\p{L}*', 'wandel\\p{L}*', 'konvertier\\p{L}*',
  'redig\\p{L}*', 'ecri[st]\\p{L}*', 'ecrire', 'export\\p{L}*', 'mets', 'mettez', 'convertis', 'transform\\p{L}*',
  'redact\\p{L}*', 'escrib\\p{L}*', 'pon(?:me|los|las|lo|la|er)?', 'saca', 'pasa\\p{L}*', 'conviert\\p{L}*',
  'scriv\\p{L}*', 'redigi', 'esport\\p{L}*', 'mett\\p{L}*', 'trasform\\p{L}*',
  'escrev\\p{L}*', 'coloc\\p{L}*', 'convert\\p{L}*',
  'schrijf', 'zet', 'exporteer',
]);
const DOC_VERBS_FINAL = any([
  ...lexicon.MAKE_VERBS_FINAL,
  'schreiben', 'exportieren', 'speichern', 'anlegen', 'zusammenstellen', 'schrijven', 'exporteren', 'zetten',
  'yaz(?:in|ar misin|abilir misin)?', 'donustur\\p{L}*', 'aktar\\p{L}*', 'kaydet\\p{L}*',
]);
const PREP_WITH_ARTICLE =
  "(?:into an?|in an?|to an?|in ein(?:e|em|en)?|als|dans (?:un|une)|en (?:un|una)|em (?:um|uma)|numa|num|in (?:un|una|uno)|nel|nella|in een|op een|ins|zu (?:einer|einem)|como|come|as an?)";
const DOCUMENT_GENERATION = new RegExp(
  // "as a PDF", "en PDF", "als Word-Datei", "como archivo .md", "sous forme de rapport", "in formato Word", "PDF olarak"
  `${B}(?:as|als|en|em|como|come|sous forme d[e'])\\s+${lexicon.ARTICLES}?(?:${lexicon.FILE_WORDS} )?${FORMAT_NAME}${E}` +
    `|${B}(?:in|en|em|nel) formato ${FORMAT_NAME}${E}` +
    `|${B}(?:in|into|to) ${CLEAR_FORMAT_NAME}${E}` +
    // "export it to Excel", "exportiere das nach Excel", "pásalo a Excel"
    `|${B}${EXPORT_VERBS}${E}${GAP}${B}(?:to|into|in|nach|en|a|al|para|naar|per) ${FORMAT_NAME}${E}` +
    // "in a word" is an idiom: Word after an article only as a file ("in a Word file")
    `|${B}${PREP_WITH_ARTICLE} (?:${lexicon.FILE_WORDS} )?(?:${FORMAT_NAME_NOT_WORD}|${GENRES})${E}` +
    `|${B}${FORMAT_NAME} (?:olarak|formatinda)${E}` +
    // "an Excel file with …", "un fichier Markdown", "Word-Datei": a file named by its format (a mention inside a question asks for nothing)
    `|${INPUT_DETERMINER}${B}${FORMAT_NAME}[- ]?${lexicon.FILE_WORDS}${E}` +
    `|${INPUT_DETERMINER}${B}${lexicon.FILE_WORDS} \\.?${FORMAT_NAME}${E}` +
    `|${B}(?:as|into|in|zu|en)\\s+${lexicon.ARTICLES}(?:document|report|dokument|bericht|rapport|documento|informe)${E}` +
    `|${B}(?:als|como|sous forme d[e'])\\s*${lexicon.ARTICLES}?(?:document|dokument|bericht|documento|informe|rapport)${E}` +
    // "create a document", "schreibe einen Bericht", "prepárame una presentación", "bir Excel tablosu hazırla"
    `|${B}${DOC_VERBS}${E}${GAP}${INPUT_DETERMINER}${B}${DOC_THINGS}${E}` +
    `|${INPUT_DETERMINER}${B}${DOC_THINGS}${E}${GAP}${B}${DOC_VERBS_FINAL}${E}`,
  'gu',
);

/** Putting an event in a calendar: a meeting to schedule, an appointment to add, an .ics to make. */
const CALENDAR_EVENT = new RegExp(
  `${B}${any([...lexicon.CALENDAR_VERBS, ...lexicon.WISH_VERBS])}${E}${GAP}${INPUT_DETERMINER}${B}${any(lexicon.CALENDAR_NOUNS)}${E}` +
    `|${INPUT_DETERMINER}${B}${any(lexicon.CALENDAR_NOUNS)}${E}${GAP}${B}${any(lexicon.CALENDAR_VERBS_FINAL)}${E}` +
    `|(?<![\\p{L}\\p{N}.])${any(lexicon.CALENDAR_DESTINATIONS)}${E}`,
  'gu',
);

/** A mail address word, folded: "e-mail", "email", "mail", "courriel", "correo (electronico)". */
const MAIL = '(?:e-?mail|mail|courriel|correo(?: electronico)?|correio(?: eletronico)?|posta(?: elettronica)?|e-?posta)';
/** What is sent can be named at length between "send me" and "by e-mail": a longer gap, still bounded. */
const MAIL_GAP = "[^.!?\\n]{0,90}?";
/**
 * "… and mail it to me": the result should reach the user's own mailbox. Always a verb of
 * sending or mailing with the first person ("me", "mir", "moi", "-melo"), or "my inbox": "write
 * an e-mail to my boss", "per Mail an Herrn X" and "réponds à mon mail" are writing tasks, not this.
 */
const EMAIL_ME = words(
  // en: "email it to me", "mail me the summary", "send it to me by e-mail", "to my inbox"
  `(?:e-?mail|mail) (?:(?:it|this|that|them|these|those|everything|a copy|the \\p{L}+) )?(?:over )?to me`,
  '(?:e-?mail|mail) me',
  // "send me an e-mail with …", "schick mir eine Mail mit …", "envoie-moi un mail avec …"
  `(?:send|schick|envoie|envoyez|manda|envia|invia|stuur)\\p{L}*[- ]?(?:me|mir|moi|mi|mij) (?:an?|eine|un|une|una|um|uma|een) ${MAIL}${E}`,
  `send${GAP}${B}(?:me|to me|myself)${E}${MAIL_GAP}${B}(?:by|via|per|through|as an?) ${MAIL}`,
  `(?:by|via|per) ${MAIL}${GAP}${B}to me`,
  `(?:to|in|into) my (?:inbox|mailbox|e-?mail address|mail address)`,
  `(?:put|drop|save|send)${GAP}${B}(?:in|into) my (?:e-?mail|mail)`,
  // "send the summary to my email": a sending verb first, so "reply to my email" stays a writing task
  `(?:send|forward)${GAP}${B}to my (?:e-?mail|mail)(?: account)?`,
  // de: "schick es mir per Mail", "per E-Mail an mich", "maile es mir", "an meine E-Mail-Adresse"
  `(?:schick|send|mail|leit)\\p{L}*${GAP}${B}(?:mir|an mich)${E}${MAIL_GAP}${B}(?:per|als|via|uber) ${MAIL}`,
  `(?:per|via) ${MAIL}${GAP}${B}(?:an mich|mir)${E}`,
  `(?:e-?mail|mail)(?:e|st|t)? (?:(?:es|das|sie|ihn|alles) )?(?:mir|an mich)`,
  `(?:an meine|in mein|an mein) (?:e-?mail|mail|postfach)`,
  // fr: "envoie-le moi par e-mail", "envoyez-moi le résumé par courriel", "à mon adresse mail"
  `envo\\p{L}*[- ](?:(?:le|la|les)[- ])?moi${E}${MAIL_GAP}${B}(?:par|en|via) ${MAIL}`,
  `(?:par|via) ${MAIL}${GAP}${B}(?:a moi|moi)${E}`,
  `a mon adresse ${MAIL}`,
  `dans ma boite (?:e-?mail|mail|de reception|aux lettres)`,
  // es, it, pt: "mándamelo por correo", "envíame el resumen por email", "inviamelo per email", "envie-me por e-mail"
  `(?:manda|envia|reenvia|invia|inoltra|mande|envie)[- ]?(?:me|melo|mela|melos|melas|mi|mele|meli)${E}${GAP}${B}(?:por|per|via|al|a mi|alla mia|para o meu|no meu) ${MAIL}`,
  `(?:mandar|enviar|reenviar|inviar|spedir|mandar|inoltrar)(?:me|mi|melo|mela|melos|melas|meli|mele)${E}${GAP}${B}(?:por|per|via|al|a mi|alla mia|nella mia) ${MAIL}`,
  // de, verb last: "mir die Zusammenfassung per Mail schicken"
  `(?:mir|an mich)${E}${GAP}${B}(?:per|via|uber|als) ${MAIL}`,
  `(?:mir|an mich)${E}${GAP}${B}(?:zu)?(?:e-?mail|mail)en${E}`,
  // nl: "stuur het me per mail", "naar mijn e-mail"
  `(?:stuur|mail|verstuur)\\p{L}*${GAP}${B}(?:me|mij)${E}${MAIL_GAP}${B}(?:per|via) ${MAIL}`,
  `naar (?:mijn|mn) (?:e-?mail|mail|inbox)`,
  // tr: "bana e-postayla gönder", "e-posta ile bana yolla"
  `bana${E}${GAP}${B}(?:e-?posta|mail)\\p{L}*${E}`,
  `(?:e-?posta|mail)\\p{L}*(?: ile)? bana${E}`,
);

/** Searching the web by name: "search the web", "recherchiere", "internette araştır", "cerca su internet". */
const WEB_SEARCH = new RegExp(
  `${B}${any(lexicon.WEB_SEARCH_WORDS)}${E}` +
    `|${B}${any(lexicon.SEARCH_VERBS)}${E}${GAP}${B}${any(lexicon.WEB_PLACES)}${E}` +
    `|${B}${any(lexicon.WEB_PLACES)}${E}${GAP}${B}(?:${lexicon.SEARCH_VERBS.join('|')}|nachsehen|nachschauen|suchen|zoeken|ara\\p{L}*)${E}`,
  'gu',
);
/** A search verb alone ("search for …", "busca …"): the web unless the user's own documents are meant. */
const SEARCH_VERB = words(...lexicon.SEARCH_VERBS);
const ALWAYS_FRESH = words(...lexicon.ALWAYS_FRESH);
const FRESH_WITH_TIME = words(...lexicon.FRESH_WITH_TIME);
const NOW = words(...lexicon.NOW_WORDS);
const RAG_QUERY = words(...lexicon.OWN_DOCUMENTS);
/** Separable German verbs split around their object: "tippe den Text ab", "schreib den Zettel ab". */
const TRANSCRIBE = words(...lexicon.TRANSCRIBE, `(?:tipp|schreib)\\p{L}*${GAP}${B}ab`);
const DESCRIBE = words(...lexicon.DESCRIBE);
const HOW_TO_SAY = words(...lexicon.HOW_TO_SAY);
const NEGATION = words(...lexicon.NEGATIONS);
const OWN_TASK = words(...lexicon.OWN_TASK);
const EXPLANATION = words(...lexicon.EXPLANATION);
const POSSESSED = new RegExp(`${B}${any(lexicon.POSSESSIVES)} (?:\\p{L}+ )?$`, 'u');
/** A sentence that asks about something rather than for it: its first words, or a Turkish question word anywhere. */
const ABOUT_QUESTION_START = new RegExp(`^[^\\p{L}]*(?:${any(lexicon.QUESTION_OPENERS)}\\s+){0,2}${any(lexicon.ABOUT_QUESTION)}${E}`, 'u');
const ABOUT_QUESTION_ANYWHERE = words(...lexicon.ABOUT_QUESTION_ANYWHERE);
const SENTENCE = /[^.!?\n]+/gu;

const FILE_ANALYSIS = words(
  'describe',
  'describ\\p{L}*',
  'beschreib\\p{L}*',
  'decri[rst]\\p{L}*',
  'descriv\\p{L}*',
  'descrev\\p{L}*',
  'beschrijf\\p{L}*',
  'betimle\\p{L}*',
  'analy[sz]\\p{L}*',
  'analysier\\p{L}*',
  'analiz\\p{L}*',
  "what(?:'s| is) (?:in|on|shown in|shown on) (?:this|the|these)",
  'was (?:ist|steht|siehst du|zeigt) (?:auf|in)',
  "qu'y a-t-il",
  'que (?:montre|contient)',
  'que (?:hay|muestra|contiene)',
  'cosa (?:c\'e|mostra|contiene)',
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

const CLAUSE_BREAK = /[,;:.!?\n]|(?<![\p{L}\p{N}])(?:and|then|und|dann|danach|anschliessend|et|puis|ensuite|y|luego|despues|e|poi|dopo|depois|daarna|dan|sonra|ve|ardindan)(?![\p{L}\p{N}])/gu;

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
/**
 * The matches of global `regex` in `text`, as `text.matchAll(regex)` finds them, without the copy
 * of `regex` matchAll makes on every call: with this module's long patterns that copy took most of
 * the time of reading a short message (about 60 of its 75 µs). `regex` is used in place, so it must
 * not be used again until the iteration ends; it is left with `lastIndex` 0.
 */
function* matchesOf(regex: RegExp, text: string): Generator<RegExpExecArray> {
  regex.lastIndex = 0;
  try {
    for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
      // As matchAll: past an empty match by one character (a surrogate pair is one, in unicode mode).
      if (match[0] === '') regex.lastIndex += regex.unicode && (text.codePointAt(regex.lastIndex) ?? 0) > 0xffff ? 2 : 1;
      yield match;
    }
  } finally {
    regex.lastIndex = 0;
  }
}

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

function translateTargets(folded: string): string[] {
  const targets: string[] = [];
  for (const match of matchesOf(TRANSLATE_TARGETS, folded)) {
    const names = [match[1] ?? '', ...[...matchesOf(LANGUAGE_NAME_ONLY, match[2] ?? '')].map((m) => m[0])];
    for (const name of names) {
      const code = languageCode(name);
      if (code && !targets.includes(code)) targets.push(code);
    }
  }
  // Turkish names the language with a case ending instead of a preposition: "İngilizceye çevir".
  for (const match of matchesOf(TURKISH_LANGUAGE, folded)) {
    const code = TURKISH_LANGUAGE_CODE.get(match[1] ?? '');
    if (code && !targets.includes(code)) targets.push(code);
  }
  return targets;
}

const FORMAT_NAMES = lexicon.FORMAT_NAMES.map(([format, pattern]) => [format, new RegExp(`${B}${pattern}${E}`, 'u')] as const);
const FORMAT_GENRES = lexicon.FORMAT_GENRES.map(([format, pattern]) => [format, new RegExp(`${B}${pattern}${E}`, 'u')] as const);

/** The format asked for: a file type named in the cue, then in the message, then a genre (slides, a spreadsheet); else PDF. */
function documentFormat(match: string, folded: string): DocumentFormat {
  for (const [lists, text] of [
    [FORMAT_NAMES, match],
    [FORMAT_NAMES, folded],
    [FORMAT_GENRES, match],
    [FORMAT_GENRES, folded],
  ] as const) {
    const hit = lists.find(([, regex]) => regex.test(text));
    if (hit) return hit[0] as DocumentFormat;
  }
  return 'pdf';
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

/** The bounds of the sentence around `index`. */
function sentenceBounds(folded: string, index: number): [number, number] {
  for (const sentence of matchesOf(SENTENCE, folded)) {
    if (index < sentence.index + sentence[0].length) return [sentence.index, sentence.index + sentence[0].length];
  }
  return [0, folded.length];
}

/** The bounds of the clause (between connectors and punctuation) around `index`. */
function clauseBounds(folded: string, index: number): [number, number] {
  let start = 0;
  let end = folded.length;
  for (const match of matchesOf(CLAUSE_BREAK, folded)) {
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
  if (produced === 'document_generation' || produced === 'calendar_event') return 'document';
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

/** Capabilities a cue inside a question about the thing ("how do I make a PDF?") does not ask for. */
const MADE_BY_REQUEST: ReadonlySet<IntentCapability> = new Set([
  'translate',
  'summarize',
  'text2sound',
  'image_generation',
  'document_generation',
  'calendar_event',
  'email_me',
]);
/** How far before a cue a negation still applies to it ("don't translate", "ohne Bild"). */
const NEGATION_REACH = 24;
/** "I need to make slides": the user's own task may be named by the first words of the cue itself. */
const OWN_TASK_REACH = 12;
/** Text after a colon or a line break this long is material to work on (pasted, not asked for); after a sentence, longer. */
const PASTED_CHARS = 8;
const PASTED_SENTENCE_CHARS = 15;
const MATERIAL_CHARS = 280;

function hasPastedText(head: string): boolean {
  const afterColon = head.search(/[:\n]/u);
  const afterSentence = head.search(/[.?!]\s/u);
  return (
    (afterColon >= 0 && head.slice(afterColon + 1).trim().length >= PASTED_CHARS) ||
    (afterSentence >= 0 && head.slice(afterSentence + 1).trim().length >= PASTED_SENTENCE_CHARS)
  );
}
/** "Summarize it in Spanish": a summary in a named language is a summary, then a translation. */
const IN_LANGUAGE = new RegExp(`${B}(?:in|en|auf|em|al|ins|naar het|in het|na) (?:the )?${LANGUAGE_NAME}${E}`, 'gu');
const TURKISH_LANGUAGE = new RegExp(`${B}(${lexicon.TURKISH_LANGUAGE_NAMES.map(([, name]) => name).join('|')})(?:y?[ae]|d[ae]|c[ae])?${E}`, 'gu');
const TURKISH_LANGUAGE_CODE = new Map(lexicon.TURKISH_LANGUAGE_NAMES.map(([code, name]) => [name, code] as const));

/** The ranges of the sentences that ask about something rather than for it. */
function aboutQuestions(folded: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const sentence of matchesOf(SENTENCE, folded)) {
    if (ABOUT_QUESTION_START.test(sentence[0]) || firstIndex(ABOUT_QUESTION_ANYWHERE, sentence[0]) >= 0) {
      ranges.push([sentence.index, sentence.index + sentence[0].length]);
    }
  }
  return ranges;
}

/** The ranges of the sentences in which `regex` matches. */
function aboutSentences(folded: string, regex: RegExp): Array<[number, number]> {
  return [...matchesOf(SENTENCE, folded)].filter((sentence) => firstIndex(regex, sentence[0]) >= 0).map((sentence) => [sentence.index, sentence.index + sentence[0].length]);
}

/** Reads what a message asks for. Deterministic and model-free: the offline sorter and planner. */
export function analyzeIntent(text: string, files: readonly IntentFile[] = []): IntentAnalysis {
  const head = text.slice(0, MAX_ANALYZED_CHARS);
  const urls = [...matchesOf(URL, head)].map((m) => trimTrailing(m[0], '.,;:!?')).slice(0, 5);
  // A link becomes one neutral mark, so its dots do not end a sentence ("fasse https://x.org/a zusammen").
  const unquoted = foldText(head);
  const folded = blankQuotes(unquoted).replace(URL, URL_MARK);
  const refersToAttachment = firstIndex(ATTACHMENT, folded) >= 0;
  const hasFiles = files.length > 0;
  const imagesOnly = hasFiles && files.every((file) => file.mime.startsWith('image/'));
  const about = aboutQuestions(folded);

  const explaining = aboutSentences(folded, EXPLANATION);
  /**
   * Where `regex` first asks for something: not negated right before; for `capability`s made on
   * request, not inside a question about them nor the user's own task ("I have to make slides");
   * for an implicit cue of fresh information, not the user's own ("my game") nor in an explanation.
   */
  const firstAsked = (regex: RegExp, capability?: IntentCapability, freshTopic = false): RegExpExecArray | null => {
    const inside = (ranges: ReadonlyArray<[number, number]>, index: number): boolean => ranges.some(([start, end]) => index >= start && index < end);
    for (const match of matchesOf(regex, folded)) {
      const [clauseStart] = clauseBounds(folded, match.index);
      const before = folded.slice(Math.max(clauseStart, match.index - NEGATION_REACH), match.index);
      if (firstIndex(NEGATION, before) >= 0) continue;
      if (capability && MADE_BY_REQUEST.has(capability)) {
        if (inside(about, match.index)) continue;
        if (firstIndex(OWN_TASK, folded.slice(Math.max(clauseStart, match.index - NEGATION_REACH), match.index + OWN_TASK_REACH)) >= 0) continue;
      }
      if (freshTopic && (inside(explaining, match.index) || POSSESSED.test(before))) continue;
      return match;
    }
    return null;
  };
  const found = new Map<IntentCapability, number>();
  const note = (capability: IntentCapability, index: number): void => {
    if (index >= 0 && !found.has(capability)) found.set(capability, index);
  };
  const noteAsked = (capability: IntentCapability, ...regexes: RegExp[]): RegExpExecArray | null => {
    const matches = regexes.map((regex) => firstAsked(regex, capability)).filter((m): m is RegExpExecArray => m !== null);
    const first = matches.sort((a, b) => a.index - b.index)[0] ?? null;
    if (first) note(capability, first.index);
    return first;
  };

  const howToSay = firstAsked(HOW_TO_SAY);
  if (howToSay) note('translate', howToSay.index);
  noteAsked('translate', TRANSLATE, INTO_LANGUAGE);
  noteAsked('summarize', SUMMARIZE);
  if (found.has('summarize') && !found.has('translate')) noteAsked('translate', IN_LANGUAGE);
  noteAsked('text2sound', READ_ALOUD, SPEECH_OUTPUT);
  const image = noteAsked('image_generation', IMAGE_GENERATION);
  const document = noteAsked('document_generation', DOCUMENT_GENERATION);
  noteAsked('calendar_event', CALENDAR_EVENT);
  const rag = hasFiles ? null : noteAsked('rag_query', RAG_QUERY);
  // Fresh information is searched for on the web unless the message brings its own material.
  const ownMaterial = hasFiles || urls.length > 0;
  noteAsked('web_search', WEB_SEARCH, ...(rag ? [] : [SEARCH_VERB]));
  const fresh = ownMaterial ? null : firstAsked(ALWAYS_FRESH, 'web_search', true);
  if (fresh) note('web_search', fresh.index);
  if (!ownMaterial && !found.has('web_search')) {
    const topic = firstAsked(FRESH_WITH_TIME, 'web_search', true);
    if (topic) {
      const [start, end] = sentenceBounds(folded, topic.index);
      if (firstIndex(NOW, folded.slice(start, end)) >= 0) note('web_search', topic.index);
    }
  }
  note('url_fetch', folded.indexOf(URL_MARK));
  const transcribe = imagesOnly && firstAsked(TRANSCRIBE) !== null;
  if ((hasFiles || refersToAttachment) && !transcribe) noteAsked('file_analysis', FILE_ANALYSIS);
  noteAsked('email_me', EMAIL_ME);
  note('chat', firstIndex(CHAT, folded));

  // "Describe this as audio", "read this image out loud", "Audiobeschreibung des Bildes": with only
  // images attached, a description or reading asked for as speech is about them (what they show,
  // read aloud), never for a new picture, whatever image nouns and making verbs it uses.
  const aboutImages = firstOf(folded, FILE_ANALYSIS, DESCRIPTION, READ_ALOUD);
  if (imagesOnly && found.has('text2sound') && aboutImages >= 0) {
    note('file_analysis', aboutImages);
    found.delete('image_generation');
  }
  // "Make a picture, then describe it": the description is of the picture made, asked in a later clause.
  let describeGenerated = false;
  if (found.has('image_generation') && image && !hasFiles) {
    // The image cue may run on to a noun in the description's clause ("draw a cat, then describe the drawing"): its verb's clause counts.
    const [, imageClauseEnd] = clauseBounds(folded, image.index);
    const describe = firstAsked(DESCRIBE);
    if (describe && describe.index >= imageClauseEnd) {
      note('file_analysis', describe.index);
      describeGenerated = true;
    }
  }

  // "Write a summary", "write a report as PDF": the writing verb belongs to the other step.
  const chatIndex = found.get('chat');
  if (chatIndex !== undefined) {
    const [start, end] = clauseBounds(folded, chatIndex);
    if ([...found].some(([capability, index]) => capability !== 'chat' && index >= start && index < end)) found.delete('chat');
  }
  // With only images attached and nothing else asked of them, the message is a question about them.
  if (imagesOnly && !transcribe && ![...found.keys()].some((c) => c !== 'chat' && c !== 'web_search')) note('file_analysis', 0);

  const actions = [...found].map(([capability, index]) => ({ capability, index })).sort((a, b) => a.index - b.index);
  const work = actions.filter((a) => a.capability !== 'chat');
  const listedSteps = head.split('\n').filter((line) => LIST_ITEM.test(line)).length;
  // A translation or summary of material in the message (a file, a link, a quote, pasted text) is
  // planned, so its step works on that material; one of the conversation so far is the chat's.
  const material = ownMaterial || unquoted !== blankQuotes(unquoted) || hasPastedText(head) || head.length > MATERIAL_CHARS || howToSay !== null;
  const transform = work.length === 1 && ['translate', 'summarize'].includes(work[0]?.capability ?? '');
  const multiStep =
    work.some((a) => FILE_PRODUCING.has(a.capability) || READS_MATERIAL.has(a.capability) || a.capability === 'email_me') ||
    work.length >= 2 ||
    (transform && (found.has('chat') || material)) ||
    transcribe ||
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
    describeGenerated,
    transcribe,
    webSearch: found.has('web_search'),
    media: mediaOf(folded, actions, files),
    multiStep,
  };
}
