/**
 * Word lists of the heuristic extractor (en, de, fr, es, it), compared with lower-cased words.
 * Canonical values are English: the same fact told in two languages is one memory.
 */

/** Words that end a captured phrase ("Berlin since 2019" → "Berlin"): conjunctions, prepositions, time words. */
export const PHRASE_END = new Set([
  // en
  'and', 'but', 'because', 'since', 'for', 'with', 'now', 'today', 'currently', 'anymore', 'too', 'as', 'at', 'in', 'last', 'next',
  'when', 'while', 'where', 'who', 'which', 'so', 'then', 'also', 'though', 'although', 'until', 'from', 'on', 'nowadays', 'either',
  // de
  'und', 'aber', 'weil', 'seit', 'mit', 'jetzt', 'heute', 'gerade', 'auch', 'als', 'bei', 'für', 'nicht', 'mehr', 'schon', 'sehr',
  'denn', 'wenn', 'doch', 'gezogen', 'umgezogen', 'geboren', 'aufgewachsen', 'nun', 'inzwischen', 'mittlerweile',
  // fr
  'et', 'mais', 'parce', 'car', 'depuis', 'avec', 'maintenant', "aujourd'hui", 'aussi', 'comme', 'chez', 'pour', 'quand', 'plus', 'à',
  // es
  'y', 'pero', 'porque', 'desde', 'con', 'ahora', 'hoy', 'también', 'como', 'para', 'cuando', 'hace', 'ya', 'a',
  // it
  'e', 'ma', 'perché', 'da', 'ora', 'adesso', 'oggi', 'anche', 'come', 'per', 'presso', 'più', 'mai',
]);

/** Articles and fillers left off the front of a preference's key ("le fromage" is keyed "fromage"). */
export const LEADING_FILLERS = new Set([
  'the', 'a', 'an', 'to', 'der', 'die', 'das', 'den', 'dem', 'ein', 'eine', 'einen', 'kein', 'keine', 'keinen', 'le', 'la', 'les', "l'",
  'un', 'une', 'des', 'du', 'de', 'pas', 'el', 'los', 'las', 'lo', 'il', 'gli', 'i', 'uno', 'una', "un'", 'al', 'alla', 'alle', 'ai', 'agli', 'allo',
  'aux', 'au', 'gegen', 'auf',
]);

/** Adverbs between a verb of liking and its object ("j'aime beaucoup le jazz"). */
export const DEGREE_WORDS = new Set([
  'really', 'very', 'much', 'so', 'absolutely', 'totally', 'truly', 'sehr', 'wirklich', 'total', 'echt', 'gern', 'gerne', 'bien', 'beaucoup',
  'vraiment', 'trop', 'mucho', 'muchísimo', 'mucha', 'muchos', 'muchas', 'molto', 'tanto', 'davvero', 'tantissimo',
]);

/** Words that turn a statement into its negation. */
export const NEGATIONS = new Set(["don't", "doesn't", 'not', "n't", 'never', 'nicht', 'kein', 'keine', 'keinen', 'nie', 'niemals', "n'", 'ne', 'pas', 'no', 'non', 'nunca', "can't", 'cannot', "didn't"]);

/** Words saying a fact stopped being true ("no longer", "nicht mehr", "plus", "ya no", "più"). */
export const NO_LONGER = new Set(['longer', 'anymore', 'mehr', 'plus', 'ya', 'più']);

/** Pronouns and words about the assistant, as an object's first word: "I like it", "I love your answer" are not preferences. */
export const NOT_A_THING = new Set([
  'it', 'this', 'that', 'these', 'those', 'you', 'your', 'yours', 'them', 'him', 'her', 'es', 'dich', 'dir', 'ihn', 'sie', 'dein', 'deine',
  'ça', 'cela', 'ceci', 'te', 'toi', 'ton', 'ta', 'tes', 'vous', 'votre', 'tu', 'tus', 'eso', 'esto', 'ti', 'tuo', 'tua', 'questo', 'quello',
]);

export const DIETS: Readonly<Record<string, string>> = {
  vegetarian: 'vegetarian', vegetarier: 'vegetarian', vegetarierin: 'vegetarian', vegetarisch: 'vegetarian', végétarien: 'vegetarian',
  végétarienne: 'vegetarian', vegetariano: 'vegetarian', vegetariana: 'vegetarian',
  vegan: 'vegan', veganer: 'vegan', veganerin: 'vegan', végan: 'vegan', végane: 'vegan', végétalien: 'vegan', végétalienne: 'vegan', vegano: 'vegan', vegana: 'vegan',
  pescatarian: 'pescatarian', pescetarier: 'pescatarian', pescetarierin: 'pescatarian', pescétarien: 'pescatarian', pescétarienne: 'pescatarian',
  pescetariano: 'pescatarian', pescetariana: 'pescatarian',
};

export const MARITAL_STATUS: Readonly<Record<string, string>> = {
  married: 'married', verheiratet: 'married', marié: 'married', mariée: 'married', casado: 'married', casada: 'married', sposato: 'married', sposata: 'married',
  single: 'single', ledig: 'single', célibataire: 'single', soltero: 'single', soltera: 'single', celibe: 'single', nubile: 'single',
  divorced: 'divorced', geschieden: 'divorced', divorcé: 'divorced', divorcée: 'divorced', divorciado: 'divorced', divorciada: 'divorced', divorziato: 'divorced', divorziata: 'divorced',
  widowed: 'widowed', verwitwet: 'widowed', veuf: 'widowed', veuve: 'widowed', viudo: 'widowed', viuda: 'widowed', vedovo: 'widowed', vedova: 'widowed',
  engaged: 'engaged', verlobt: 'engaged', fiancé: 'engaged', fiancée: 'engaged', prometido: 'engaged', prometida: 'engaged', fidanzato: 'engaged', fidanzata: 'engaged',
};

/** Family members and pets, to the English key their name is kept under. */
export const RELATIONS: Readonly<Record<string, string>> = {
  wife: 'wife', frau: 'wife', ehefrau: 'wife', femme: 'wife', esposa: 'wife', mujer: 'wife', moglie: 'wife',
  husband: 'husband', mann: 'husband', ehemann: 'husband', mari: 'husband', marido: 'husband', esposo: 'husband', marito: 'husband',
  partner: 'partner', partnerin: 'partner', compagnon: 'partner', compagne: 'partner', pareja: 'partner', compagno: 'partner', compagna: 'partner',
  boyfriend: 'boyfriend', girlfriend: 'girlfriend', novio: 'boyfriend', novia: 'girlfriend', fidanzato: 'boyfriend', fidanzata: 'girlfriend',
  son: 'son', sohn: 'son', fils: 'son', hijo: 'son', figlio: 'son',
  daughter: 'daughter', tochter: 'daughter', fille: 'daughter', hija: 'daughter', figlia: 'daughter',
  brother: 'brother', bruder: 'brother', frère: 'brother', hermano: 'brother', fratello: 'brother',
  sister: 'sister', schwester: 'sister', sœur: 'sister', soeur: 'sister', hermana: 'sister', sorella: 'sister',
  mother: 'mother', mom: 'mother', mum: 'mother', mutter: 'mother', mama: 'mother', mère: 'mother', maman: 'mother', madre: 'mother', mamma: 'mother',
  father: 'father', dad: 'father', vater: 'father', papa: 'father', père: 'father', padre: 'father', papà: 'father',
  dog: 'dog', hund: 'dog', chien: 'dog', chienne: 'dog', perro: 'dog', perra: 'dog', cane: 'dog',
  cat: 'cat', katze: 'cat', kater: 'cat', chat: 'cat', chatte: 'cat', gato: 'cat', gata: 'cat', gatto: 'cat', gatta: 'cat',
};

/** Number words up to ten, for "I have two kids". */
export const NUMBERS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  ein: 1, einen: 1, eine: 1, zwei: 2, drei: 3, vier: 4, fünf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10,
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9, dix: 10,
  uno: 1, una: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10,
  due: 2, tre: 3, quattro: 4, cinque: 5, sei: 6, sette: 7, otto: 8, nove: 9, dieci: 10,
};

/** Languages by their names in the five languages, to their English names. */
export const LANGUAGES: Readonly<Record<string, string>> = {
  english: 'English', englisch: 'English', anglais: 'English', inglés: 'English', ingles: 'English', inglese: 'English',
  german: 'German', deutsch: 'German', allemand: 'German', alemán: 'German', aleman: 'German', tedesco: 'German',
  french: 'French', französisch: 'French', français: 'French', francés: 'French', frances: 'French', francese: 'French',
  spanish: 'Spanish', spanisch: 'Spanish', espagnol: 'Spanish', español: 'Spanish', castellano: 'Spanish', spagnolo: 'Spanish',
  italian: 'Italian', italienisch: 'Italian', italien: 'Italian', italiano: 'Italian',
  portuguese: 'Portuguese', portugiesisch: 'Portuguese', portugais: 'Portuguese', portugués: 'Portuguese', portoghese: 'Portuguese',
  dutch: 'Dutch', niederländisch: 'Dutch', holländisch: 'Dutch', néerlandais: 'Dutch', neerlandés: 'Dutch', olandese: 'Dutch',
  russian: 'Russian', russisch: 'Russian', russe: 'Russian', ruso: 'Russian', russo: 'Russian',
  chinese: 'Chinese', mandarin: 'Chinese', chinesisch: 'Chinese', chinois: 'Chinese', chino: 'Chinese', cinese: 'Chinese',
  japanese: 'Japanese', japanisch: 'Japanese', japonais: 'Japanese', japonés: 'Japanese', giapponese: 'Japanese',
  arabic: 'Arabic', arabisch: 'Arabic', arabe: 'Arabic', árabe: 'Arabic', arabo: 'Arabic',
  turkish: 'Turkish', türkisch: 'Turkish', turc: 'Turkish', turco: 'Turkish',
  polish: 'Polish', polnisch: 'Polish', polonais: 'Polish', polaco: 'Polish', polacco: 'Polish',
  greek: 'Greek', griechisch: 'Greek', grec: 'Greek', griego: 'Greek', greco: 'Greek',
  korean: 'Korean', koreanisch: 'Korean', coréen: 'Korean', coreano: 'Korean',
  hindi: 'Hindi', swedish: 'Swedish', schwedisch: 'Swedish', suédois: 'Swedish', sueco: 'Swedish', svedese: 'Swedish',
};

/** Occupations, as whole words. */
export const OCCUPATION_WORDS = new Set([
  'nurse', 'chef', 'cook', 'doctor', 'lawyer', 'pilot', 'student', 'teacher', 'designer', 'manager', 'developer', 'programmer', 'engineer',
  'architect', 'accountant', 'consultant', 'scientist', 'researcher', 'farmer', 'electrician', 'plumber', 'writer', 'artist', 'musician',
  'photographer', 'mechanic', 'dentist', 'pharmacist', 'vet', 'veterinarian', 'psychologist', 'therapist', 'secretary', 'translator',
  'cashier', 'waiter', 'waitress', 'driver', 'journalist', 'analyst', 'professor', 'retired', 'unemployed', 'freelancer', 'carpenter',
  'baker', 'butcher', 'firefighter', 'surgeon', 'midwife', 'paramedic', 'librarian', 'economist', 'physicist', 'chemist', 'biologist',
  'koch', 'köchin', 'arzt', 'ärztin', 'rentner', 'rentnerin', 'arbeitslos', 'selbstständig', 'selbständig',
  'médecin', 'avocat', 'avocate', 'retraité', 'retraitée', 'cuisinier', 'cuisinière',
  'médico', 'médica', 'medico', 'abogado', 'abogada', 'jubilado', 'jubilada', 'cocinero', 'cocinera', 'enfermero', 'enfermera',
  'avvocato', 'avvocata', 'pensionato', 'pensionata', 'cuoco', 'cuoca', 'infermiere', 'infermiera', 'insegnante', 'architetto',
]);

/** Occupations by the beginning of the word, for their many forms (Lehrer, Lehrerin; ingénieur, ingénieure). */
export const OCCUPATION_PREFIXES = [
  'lehrer', 'ingenieur', 'entwickler', 'programmierer', 'krankenpfleg', 'pfleger', 'anwält', 'anwalt', 'student', 'designer', 'architekt',
  'buchhalter', 'journalist', 'berater', 'wissenschaftler', 'forscher', 'landwirt', 'elektriker', 'klempner', 'künstler', 'musiker',
  'fotograf', 'verkäufer', 'mechaniker', 'polizist', 'zahnärzt', 'zahnarzt', 'apotheker', 'tierärzt', 'tierarzt', 'psycholog', 'therapeut',
  'sekretär', 'übersetzer', 'kellner', 'fahrer', 'erzieher', 'manager', 'professor', 'schreiner', 'tischler', 'bäcker', 'beamt', 'analyst',
  'ingénieur', 'développeu', 'programmeu', 'infirmi', 'professeu', 'étudiant', 'architecte', 'comptable', 'consultant', 'chercheu',
  'agricult', 'électricien', 'plombier', 'écrivain', 'artiste', 'musicien', 'photographe', 'vendeu', 'mécanicien', 'policier', 'dentiste',
  'pharmacien', 'vétérinaire', 'psychologue', 'thérapeute', 'secrétaire', 'traduct', 'serveu', 'chauffeur', 'enseignant', 'institut',
  'ingeniero', 'ingeniera', 'desarrollador', 'programador', 'profesor', 'estudiante', 'arquitect', 'contador', 'contable', 'periodista',
  'consultor', 'científic', 'investigador', 'agricultor', 'electricista', 'fontaner', 'escritor', 'músic', 'fotógraf', 'vendedor',
  'mecánic', 'policía', 'dentista', 'farmacéutic', 'veterinari', 'psicólog', 'terapeuta', 'secretari', 'traductor', 'camarer', 'conductor',
  'maestr', 'ingegner', 'sviluppat', 'programmat', 'professor', 'studente', 'studentessa', 'contabil', 'giornalist', 'consulent',
  'scienziat', 'ricercat', 'elettricist', 'idraulic', 'scrittor', 'musicist', 'fotograf', 'commess', 'meccanic', 'poliziott', 'farmacist',
  'psicolog', 'terapeut', 'segretari', 'tradutt', 'camerier', 'autista', 'impiegat', 'operai', 'medic',
];

/** Words naming a kind of fact in "forget my …", to the memory they name. */
export const FACT_WORDS: Readonly<Record<string, readonly [category: string, key: string]>> = {
  name: ['personal', 'name'], namen: ['personal', 'name'], nom: ['personal', 'name'], prénom: ['personal', 'name'], nombre: ['personal', 'name'], nome: ['personal', 'name'],
  address: ['personal', 'lives in'], wohnort: ['personal', 'lives in'], adresse: ['personal', 'lives in'], dirección: ['personal', 'lives in'], indirizzo: ['personal', 'lives in'],
  age: ['personal', 'age'], alter: ['personal', 'age'], âge: ['personal', 'age'], edad: ['personal', 'age'], età: ['personal', 'age'],
  job: ['work', 'job'], beruf: ['work', 'job'], travail: ['work', 'job'], métier: ['work', 'job'], profession: ['work', 'job'], trabajo: ['work', 'job'], lavoro: ['work', 'job'],
  employer: ['work', 'employer'], arbeitgeber: ['work', 'employer'], employeur: ['work', 'employer'], empresa: ['work', 'employer'], azienda: ['work', 'employer'],
  diet: ['health', 'diet'], ernährung: ['health', 'diet'], régime: ['health', 'diet'], dieta: ['health', 'diet'],
  allergies: ['health', 'allergies'], allergien: ['health', 'allergies'], alergias: ['health', 'allergies'], allergie: ['health', 'allergies'],
};
