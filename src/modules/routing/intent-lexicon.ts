/**
 * The words the intent heuristics (intent-detection.ts) read requests by, per capability and per
 * language (en, de, fr, es, it, pt, nl, tr), folded: lower case, no accents, Turkish ı as i. Each
 * entry is a regex fragment without nested quantifiers; `\p{L}*` stands for an inflection
 * (Turkish suffixes, German and Romance verb endings). A list names kinds of request, never a
 * sentence: a verb of making, a noun of the thing made, a word of the topic.
 */

/** Verbs of making something, imperative or infinitive, before the thing made ("create a …", "fammi un …"). */
export const MAKE_VERBS = [
  // en
  'generate', 'create', 'make', 'draw', 'paint', 'design', 'render', 'produce', 'sketch', 'prepare', 'build', 'put together', 'whip up', 'draw up', 'mock up', 'throw together', 'come up with', 'give me', 'show me', 'get me',
  // de
  'erstell\\p{L}*', 'generier\\p{L}*', 'mach\\p{L}*', 'mal\\p{L}*', 'zeichne\\p{L}*', 'erzeug\\p{L}*', 'gestalt\\p{L}*', 'entw[iu]rf\\p{L}*', 'bau\\p{L}*', 'bereite\\p{L}*', 'gib mir',
  // fr
  'cree\\p{L}*', 'cre(?:er|ez)', 'dessin\\p{L}*', 'fais', 'fai[st]es', 'faire', 'fabriqu\\p{L}*', 'produi\\p{L}*', 'realis\\p{L}*', 'prepar\\p{L}*', 'concoi\\p{L}*', 'donne-moi',
  // es
  'crea\\p{L}*', 'gener\\p{L}*', 'dibuj\\p{L}*', 'haz(?:me)?', 'haria(?:s|n)?', 'hac\\p{L}*', 'pint\\p{L}*', 'disen\\p{L}*', 'dame',
  // it
  'disegn\\p{L}*', 'fa(?:mmi|i|te|temi)', 'realizz\\p{L}*', 'produc\\p{L}*', 'dammi',
  // pt
  'cri(?:a|e|ar|a-me|e-me)', 'faz(?:er)?', 'faca', 'fa(?:z|ca)-me', 'ger(?:a|e|ar)', 'desenh\\p{L}*', 'me da',
  // nl
  'maak', 'genereer', 'teken', 'ontwerp', 'creeer', 'geef me',
];

/** Making verbs that end the clause (German infinitives, Dutch and Turkish word order): "ein Bild malen", "bir görsel oluştur". */
export const MAKE_VERBS_FINAL = [
  'erstellen', 'generieren', 'machen', 'malen', 'zeichnen', 'entwerfen', 'gestalten', 'erzeugen', 'anfertigen', 'vorbereiten',
  'maken', 'genereren', 'tekenen', 'ontwerpen', 'opstellen',
  // tr: the imperative and the polite question ("hazırlar mısın"), not "yapacağım" (I will do)
  'olustur(?:un|unuz|ur musun|ur musunuz|abilir misin|abilir misiniz|up)?', 'yap(?:in|ar misin|ar misiniz|abilir misin|abilir misiniz|ip)?',
  'ciz(?:in|er misin|ebilir misin|ip)?', 'hazirla(?:yin|r misin|r misiniz|yabilir misin|yabilir misiniz|yip)?', 'uret(?:in|ir misin|ebilir misin)?',
  'tasarla(?:yin|r misin|yabilir misin)?',
  // tr wishes come last too: "bir Excel dosyası lazım", "bir logo istiyorum"
  'istiyorum', 'lazim', 'ihtiyacim var', 'gerekiyor',
];

/** "I need / would like …": a wish for a thing is a request for it. */
export const WISH_VERBS = [
  'i(?: need| want| would (?:like|love)|\'d (?:like|love))', '(?:can|could|may) i (?:get|have)', 'me encantaria', 'mi piacerebbe', "j'adorerais", 'adoraria', 'ich (?:brauche|mochte|hatte gerne?|will|benotige)', 'je (?:veux|voudrais)', "j'aimerais", "j'(?:ai|aurais) besoin d'?", 'il me (?:faut|faudrait)', "(?:possible d'|puis-je |pourrais-je |je peux )avoir", 'avrei bisogno di', '(?:possibile|posso|potrei) avere', '(?:puedo|podria|quisiera) tener', '(?:posso|podia|poderia) ter',
  'quiero', 'necesito', 'me gustaria', 'quisiera', 'vorrei', 'voglio', 'mi serv\\p{L}*', 'ho bisogno di', 'quero', 'queria', 'preciso(?: de)?', 'gostaria(?: de)?',
  'ik wil', 'ik zou graag', 'istiyorum', 'lazim', 'ihtiyacim var',
];

export const IMAGE_NOUNS = [
  // en
  'images?', 'pictures?', 'photos?', 'infogra\\p{L}*', 'watercolou?rs?', 'oil paintings?', 'aquarell\\p{L}*', 'acuarelas?', 'acquerell[oi]', 'aquarelas?', 'suluboya\\p{L}*', 'illustrations?', 'drawings?', 'logos?', 'icons?', 'paintings?', 'artwork', 'posters?', 'wallpapers?', 'portraits?', 'cartoons?', 'banners?', 'thumbnails?', 'avatars?', 'sketch(?:es)?',
  // de
  'bild(?:er|es|chen)?', 'fotos?', 'grafik(?:en)?', 'zeichnung(?:en)?', 'gemalde', 'plakat', 'portrat', 'illustration(?:en)?',
  // fr
  'dessins?', 'affiches?', 'peinture', 'illustrations?',
  // es
  'imagen(?:es)?', 'ilustracion(?:es)?', 'dibujos?', 'carteles?', 'poster', 'retratos?', 'pintura',
  // it
  'immagin[ei]', 'disegn[oi]', 'illustrazion[ei]', 'ritratt[oi]', 'locandina',
  // pt
  'image[mn]s?', 'ilustracao', 'desenhos?', 'logotipos?',
  // nl
  'afbeelding(?:en)?', 'plaatjes?', 'tekening(?:en)?', 'illustratie',
  // tr (with case suffixes)
  'gorsel\\p{L}*', 'resim\\p{L}*', 'resm\\p{L}*', 'fotograf\\p{L}*', 'cizim\\p{L}*', 'logo\\p{L}*', 'illustrasyon\\p{L}*', 'afis\\p{L}*', 'poster\\p{L}*',
];

/** Formats named by their file type: these win over a genre ("a presentation as PDF" is a PDF). */
export const FORMAT_NAMES: ReadonlyArray<[format: string, pattern: string]> = [
  ['docx', '(?:docx|word|ms word)'],
  ['md', '(?:markdown|\\.?md)'],
  ['csv', 'csv'],
  ['xlsx', '(?:xlsx|excel)'],
  ['pptx', '(?:pptx|powerpoint|keynote)'],
  ['pdf', 'pdf'],
];

/** Formats named by the kind of document: a spreadsheet, slides. */
export const FORMAT_GENRES: ReadonlyArray<[format: string, pattern: string]> = [
  [
    'xlsx',
    '(?:spreadsheets?|(?:excel[- ])?(?:sheets?|tabelle(?:n|nblatt)?)|tabellenkalkulation|tableurs?|feuille de calcul|hojas? de calculo|fogli[o]?(?: di calcolo| elettronico)?|planilhas?|folhas? de calculo|rekenblad|spreadsheet|elektronik tablo\\p{L}*)',
  ],
  [
    'pptx',
    '(?:slides?|slide ?decks?|decks? of slides|presentations?|pr(?:a|ae)sentation(?:en)?|folien(?:satz)?|diapositives?|diapos?|presentacion(?:es)?|diapositivas?|presentazion[ei]|apresentac(?:ao|oes)|presentaties?|sunum\\p{L}*|slayt\\p{L}*)',
  ],
];

/** Document nouns: a thing to write into a file. */
export const DOCUMENT_NOUNS = [
  'documents?', 'reports?', 'dokument(?:e)?', 'bericht', 'rapport', 'documento', 'informe', 'relazione', 'relatorio', 'verslag', 'rapor\\p{L}*', 'belge\\p{L}*',
];

/** A file word before or after a format: "Markdown file", "archivo .md", "fichier Word", "Word-Datei", "PDF dosyası". */
export const FILE_WORDS = '(?:files?|datei|fichier|archivo|fichero|file|arquivo|bestand|dosya\\p{L}*|formato|format|formaat)';

/** Prepositions that put a result into a format: "as PDF", "en formato Word", "numa planilha", "in een Excel". */
export const INTO_FORMAT = '(?:as|into|to|in|als|zu|ins|im|en|como|sous forme d[e\']|dans|em|numa|num|nel|nella|come|op|naar|tot)';

/** Articles between such a preposition and the format. */
export const ARTICLES = '(?:an? |un |une |una |uno |ein(?:e|em|en|er)? |einem |um |uma |een |het |de |la |le |el |bir )';

/** Calendar: nouns of an event to put in a calendar. */
export const CALENDAR_NOUNS = [
  // en
  'meetings?', 'appointments?', 'calls?(?! (?:to|for) )', 'video ?calls?', 'events?', 'invites?', 'invitations?', 'reminders?', 'calendar (?:entry|event|invite)s?', 'ics(?: file)?',
  // de
  'termin(?:e|s)?', 'anruf', 'telefonat', 'videocall', '(?:arzt|zahnarzt|friseur|geschafts|kunden)termin(?:e|s)?', 'besprechung(?:en)?', 'meeting', 'einladung(?:en)?', 'kalender(?:eintrag|einladung|termin|erinnerung)(?:e|en|s)?', 'erinnerung', 'treffen', 'veranstaltung',
  // fr
  'rendez-vous', 'rdv', 'appel', 'reunion', 'evenement', 'invitation', 'rappel',
  // es
  'citas?', 'llamadas?', 'videollamadas?', 'consultas? (?:medicas?|con|en|no|na|com|al|del|de)', 'reunion(?:es)?', 'eventos?', 'invitacion(?:es)?', 'recordatorios?',
  // it
  'riunion[ei]', 'chiamat[ae]', 'videochiamat[ae]', 'appuntament[oi]', 'event[oi]', 'invit[oi]', 'promemoria', 'colloquio',
  // pt
  'reuniao', 'chamadas?', 'videochamadas?', 'compromisso', 'convite', 'lembrete',
  // nl
  'afspraak', 'vergadering', 'evenement', 'uitnodiging', 'herinnering',
  // tr
  'toplanti\\p{L}*', 'randevu\\p{L}*', 'etkinli\\p{L}*', 'davet\\p{L}*', 'hatirlatic\\p{L}*',
];

/** Verbs of putting an event in a calendar. */
export const CALENDAR_VERBS = [
  'schedule', 'book', 'set up', 'add', 'put', 'create', 'make', 'plan', 'arrange', 'organi[sz]e', 'send(?: out)?',
  'plan\\p{L}*', 'leg\\p{L}*', 'trag\\p{L}*', 'erstell\\p{L}*', 'vereinbar\\p{L}*', 'buch\\p{L}*', 'setz\\p{L}*', 'mach\\p{L}*',
  'planifi\\p{L}*', 'ajout\\p{L}*', 'cree\\p{L}*', 'organis\\p{L}*', 'mets', 'met(?:tez)?', 'fixe\\p{L}*', 'programm\\p{L}*', 'note\\p{L}*',
  'program\\p{L}*', 'agend\\p{L}*', 'apunt\\p{L}*', 'anad\\p{L}*', 'crea\\p{L}*', 'organiz\\p{L}*', 'pon(?:me|er)?', 'reserv\\p{L}*', 'fij\\p{L}*',
  'organizz\\p{L}*', 'fiss\\p{L}*', 'aggiung\\p{L}*', 'mett\\p{L}*', 'pianific\\p{L}*', 'segn\\p{L}*',
  'marc\\p{L}*', 'adicion\\p{L}*', 'cri(?:a|e|ar)', 'poe', 'coloc\\p{L}*',
  'maak', 'zet', 'voeg', 'boek', 'organiseer', 'inplannen',
];

/** "in my calendar", "in den Kalender", "dans mon agenda", "takvime": a calendar as the destination. */
export const CALENDAR_DESTINATIONS = [
  '(?:to|in|into|on) (?:my|the|our) (?:calendar|agenda|schedule)',
  '(?:in|zu) (?:meinen|meinem|den|dem|unseren) kalender',
  '(?:dans|a) (?:mon|l\'|le|notre) (?:agenda|calendrier)',
  '(?:en|a|al) (?:mi|el) (?:calendario|agenda)',
  '(?:in|nel|al|alla mia|nella mia) (?:mio )?(?:calendario|agenda)',
  '(?:no|na|ao) (?:meu |minha )?(?:calendario|agenda)',
  '(?:in|aan) (?:mijn|de) (?:agenda|kalender)',
  'takvim(?:e|ime|imize)',
  'ical',
  '\\.ics',
];

/** Asking for information that changes: the web has it, the model does not. */
export const ALWAYS_FRESH = [
  // en
  'weather', 'forecast', 'news', 'headlines', 'exchange rates?', 'stock prices?', 'share prices?', 'live scores?', 'breaking news', 'timetable', 'opening hours',
  // de
  'wetter\\p{L}*', 'nachrichten', 'schlagzeilen', 'wechselkurs\\p{L}*', 'aktienkurs\\p{L}*', 'fahrplan', 'offnungszeiten', 'neues',
  // fr
  'meteo', 'actualites?', 'dernieres nouvelles', "cours de (?:l'action|bourse)", 'neuigkeiten', 'taux de change', "horaires? (?:d'ouverture|des?|du)", 'quel temps',
  // es
  'noticias', 'titulares', 'pronostico del tiempo', 'tipo de cambio', 'cotizacion', 'que tiempo', 'el tiempo (?:en|para)',
  // it
  'notizie', 'novita', 'previsioni (?:del tempo|meteo)', 'che tempo', 'tasso di cambio', 'orari (?:di apertura|dei treni)',
  // pt
  'previsao do tempo', 'cotacao', 'taxa de cambio', 'como (?:esta|vai estar) o tempo',
  // nl
  'nieuws', 'weerbericht', 'weersverwachting', 'wisselkoers',
  // tr
  'haberler\\p{L}*', 'hava durumu\\p{L}*', 'hava tahmini\\p{L}*', 'son dakika', 'doviz\\p{L}*', '(?:dolar|euro|avro|sterlin)\\p{L}* kur\\p{L}*',
];

/** Topics that change, when asked about with a time ("prices today", "last night's results"). */
export const FRESH_WITH_TIME = [
  'prices?', 'costs?', 'results?', 'versions?', 'releases?', 'won', 'winners?', 'finals?', 'gewonnen', 'sieger', 'gagne', 'gano', 'vinto', 'ganhou', 'kazan\\p{L}*', 'rain\\p{L}*', 'snow\\p{L}*', 'sunny', 'temperatures?',
  'regn\\p{L}*', 'schnee\\p{L}*', 'temperatur\\p{L}*', 'pleu\\p{L}*', 'pluie', 'neige\\p{L}*', 'llov\\p{L}*', 'nieve', 'piov\\p{L}*', 'neve', 'chov\\p{L}*', 'regen', 'sneeuw', 'yagmur\\p{L}*', 'kar yag\\p{L}*', 'scores?', 'match(?:es)?', 'games?', 'rates?', 'strikes?', 'traffic', 'elections?', 'events?', 'concerts?', 'dollar', 'euro', 'bitcoin', 'pound',
  'trains?', 'flights?', 'departures?', 'zug', 'zuge', 'flug\\p{L}*', 'vols?', 'trenes', 'tren', 'treni?', 'voli?', 'comboios?', 'voos?', 'trein(?:en)?', 'vlucht(?:en)?', 'ucus\\p{L}*', 'sefer\\p{L}*',
  'kino\\p{L}*', 'filme', 'films?', 'movies?', 'cinemas?', 'cine', 'peliculas', 'bioscoop', 'sinema\\p{L}*',
  '(?:is|are) closed', 'geschlossen', 'gesperrt', 'fermee?s?', 'cerrad[oa]s?', 'chius[oa]', 'fechad[oa]s?', 'gesloten', 'kapali',
  'infos?', 'informationen', 'informations', 'updates?', 'novedades', 'aggiornamenti', 'atualizacoes', 'gelismeler\\p{L}*',
  'kost\\p{L}*', 'version(?:en)?', 'combien', 'cuesta\\p{L}*', 'costa', 'custa', 'hoeveel', 'ne kadar',
  'preis\\p{L}*', 'ergebnis\\p{L}*', 'spiel\\p{L}*', 'streik\\p{L}*', 'staus?', 'verkehr', 'roads?', 'strasse\\p{L}*', 'routes?', 'carreteras?', 'strade', 'estradas?', 'yollar\\p{L}*',
  'standings', 'league table', 'classifica', 'clasificacion', 'classement', 'puan durumu', 'ranglijst',
  // when a place opens or closes: "what time does the museum close today"
  'opening (?:hours|times)', '(?:what time|when) (?:does|do|is|are)', 'wann (?:offnet|schliesst|macht)', '(?:jusqu\')?a quelle heure', '(?:hasta )?a que hora', '(?:fino )?a che ora', '(?:ate )?a que horas', 'hoe laat', 'saat kacta', 'wahl\\p{L}*', 'kurs',
  'konzert\\p{L}*', 'veranstaltung\\p{L}*', 'conciertos?', 'concert[io]', 'concertos?', 'concerten', 'evenementen', 'konser\\p{L}*', 'etkinlik\\p{L}*',
  'prix', 'resultats?', 'greves?', 'trafic', 'match',
  'precios?', 'resultados?', 'partidos?', 'huelgas?', 'trafico', 'elecciones',
  'prezz[oi]', 'risultat[oi]', 'partit[ae]', 'sciopero', 'scioperi', 'traffico', 'elezioni',
  'precos?', 'jogos?', 'transito', 'eleicoes', 'reais',
  'prijs\\p{L}*', 'uitslag\\p{L}*', 'wedstrijd\\p{L}*', 'staking\\p{L}*', 'weer',
  'fiyat\\p{L}*', 'mac(?!im)\\p{L}*', 'skor\\p{L}*', 'sonuc\\p{L}*', 'grev\\p{L}*', 'trafik\\p{L}*', 'hava', 'deprem\\p{L}*', 'dolar\\p{L}*', 'secim\\p{L}*',
];

/** Words of a moment close to now. */
export const NOW_WORDS = [
  'today', 'tonight', 'tomorrow', 'yesterday', 'last night', 'this (?:week|weekend|month|year)', 'right now', 'currently', 'current', 'latest', 'recent(?:ly)?', 'up[- ]to[- ]date',
  'heute', 'morgen', 'gestern', 'diese woche', 'dieses wochenende', 'aktuell\\p{L}*', 'neueste\\p{L}*', 'derzeit', 'momentan', 'jetzt', 'gerade', 'im moment',
  "aujourd'hui", 'demain', 'hier(?= ?[?!.]| ?$| soir| matin)', 'ce soir', 'cette semaine', 'ce week-end', 'actuel\\p{L}*', 'en ce moment', 'recemment', 'derni(?:er|ere|ers|eres)',
  'hoy', 'manana', 'ayer', 'anoche', 'esta (?:noche|semana)', 'este fin de semana', 'actualmente', 'actuales?', 'ultim[oa]s?', 'recientes?', 'ahora',
  'oggi', 'domani', 'ieri', 'stasera', 'questa settimana', 'questo fine settimana', 'attual\\p{L}*', 'ultim[eio]', 'adesso',
  'hoje', 'amanha', 'ontem', 'agora', 'atua(?:l|is)',
  'vandaag', 'gisteren', 'vanavond', 'deze week', 'actuele?', 'laatste',
  'bugun\\p{L}*', 'yarin', 'dun', 'dun aksam\\p{L}*', 'bu aksam', 'bu hafta\\p{L}*', 'simdi', 'guncel\\p{L}*', 'su an',
];

/** Searching the web by name. */
export const WEB_SEARCH_WORDS = [
  'search (?:the )?(?:web|internet|online)', 'look (?:it |this |that )?up', 'google (?:it|this|that|for)', 'browse the web',
  'research (?:the|on|about|into|what|how|current|latest)', 'do (?:some |a )?research',
  'recherchier\\p{L}*', 'googel\\p{L}*', 'googlen', 'nachschau\\p{L}*', 'nachseh\\p{L}*', 'schau (?:mal )?nach', 'check online',
  'fais (?:une |des )?recherches?', 'recherche\\p{L}* (?:sur|en ligne)',
  'investig\\p{L}*', 'haz una busqueda',
  'fa(?:mmi|i|te) una ricerca', 'ricerca (?:online|su internet|sul web)',
  'pesquis\\p{L}*',
  'opzoeken',
  'arastir\\p{L}*',
];

/** Where a search looks when it is the web: "… on the internet", "im Netz", "en ligne", "internette". */
export const WEB_PLACES = [
  'on(?:line| the (?:web|internet))', 'im (?:internet|netz|web)', 'online', "sur (?:le |l')?(?:web|internet)", 'en ligne', 'en (?:la )?(?:web|internet|linea)',
  'su internet', 'sul web', 'in rete', 'na (?:internet|web)', 'op (?:het )?internet', 'internet(?:te|ten)', 'webde',
];

/** Generic search verbs: the web only when nothing says it is the user's own documents. */
export const SEARCH_VERBS = [
  'search(?: for)?', 'find out', 'look for', 'busca(?:r|me)?', 'busque', 'cerca(?:re|mi)?', 'such(?:e|en|t)?', 'cherche(?:r|z)?', 'procur(?:a|e|ar)', 'zoek(?:en)?', 'ara(?:r|yin)?', 'bul',
];

/** The user's own uploaded documents and notes. */
export const OWN_DOCUMENTS = [
  '(?:in|from|according to|based on|search|across|through) (?:all )?(?:my|our) (?:\\p{L}+ )?(?:documents|files|notes|docs|uploads|knowledge base)',
  '(?:my|our) (?:uploaded|saved|stored) (?:documents|files|notes|docs)', 'uploaded (?:documents|files|notes|docs)',
  "(?:i|we)(?:'ve| have)? uploaded", 'knowledge base',
  '(?:in|aus|nach|laut) (?:all )?(?:meinen|unseren|unserem|meinem) (?:\\p{L}+ )?(?:dokumenten|dateien|unterlagen|notizen)', 'hochgeladen\\p{L}*', 'wissensdatenbank', 'wissensbasis',
  "(?:dans|de|selon|d'apres) (?:tous )?(?:mes|nos) (?:documents|fichiers|notes)", "que j'ai (?:televerse|charge|uploade)", 'base de connaissances?',
  '(?:en|de|segun) (?:todos )?(?:mis|nuestros) (?:documentos|archivos|notas)', 'mis documentos', 'que (?:he )?subi(?:do)?', 'subidos?', 'base de conocimientos?',
  '(?:nei|dai|tra i|secondo i) (?:miei |nostri )?documenti', 'i miei documenti', 'che ho caricato', 'caricat[io]',
  '(?:nos|dos|em|segundo os|de acordo com os) (?:meus|nossos) (?:documentos|arquivos|ficheiros)', 'que (?:eu )?(?:carreguei|enviei|subi)',
  '(?:in|uit|volgens) (?:mijn|onze) (?:\\p{L}+ )?(?:documenten|bestanden|notities)', 'geupload\\p{L}*',
  'yukledigim\\p{L}*', 'belgelerim\\p{L}*', 'dosyalarim\\p{L}*',
];

/** Reading the text written in an image: a transcription (OCR), not a description. */
export const TRANSCRIBE = [
  'transcrib\\p{L}*', 'transcript\\p{L}*', 'ocr', 'type (?:it |this )?out', 'what does (?:the|this) (?:text|sign|note) say', 'copy (?:out )?the text',
  'abtipp\\p{L}*', 'abschreib\\p{L}*', 'was steht (?:da|darauf|drauf)',
  'transcri\\p{L}*', 'recopi\\p{L}*', 'ce que dit le texte',
  'que dice (?:el|este) (?:texto|cartel)',
  'trascriv\\p{L}*', 'trascri\\p{L}*', 'ricopi\\p{L}*',
  'transcrev\\p{L}*',
  'overtyp\\p{L}*',
  'metne dok\\p{L}*', 'yaziya dok\\p{L}*',
];

/** Describing what an image shows, asked after a picture is made ("… then describe it"). */
export const DESCRIBE = [
  'describ\\p{L}*', 'alt[- ]text', 'descriptions? of (?:it|the|this|that)', 'what (?:you|it) (?:made|shows|contains)', "what's (?:in|on) it",
  'beschreib\\p{L}*', 'was (?:darauf|drauf|dort) zu sehen',
  'decri[rst]\\p{L}*', 'decri(?:re|vez)', "ce qu'on y voit",
  'descri(?:b|bir|be|beme)\\p{L}*', 'que se ve',
  'descriv\\p{L}*', 'cosa si vede',
  'descrev\\p{L}*', 'o que se ve',
  'beschrijf\\p{L}*', 'wat er (?:op )?te zien',
  'betimle\\p{L}*', 'anlat\\p{L}*', 'tarif et\\p{L}*',
];

/** The user's own task, not a request: "I have to make a presentation", "tengo que hacer", "ich muss … halten". */
export const OWN_TASK = [
  'i (?:have|need|got) to', 'i must', "i'm going to", 'i am going to', "i'll", 'i will',
  'ich (?:muss|soll|werde)', 'wir (?:mussen|sollen|werden)',
  'je (?:dois|vais)', 'nous (?:devons|allons)', 'il faut que je',
  'tengo que', 'debo', 'voy a', 'tenemos que',
  'devo', 'dobbiamo', 'sto per',
  'tenho (?:de|que)', 'vou', 'temos (?:de|que)',
  'ik (?:moet|ga)', 'we (?:moeten|gaan)',
];

/** Why something is, or how it works, is explained, not looked up: "explain how exchange rates work", "warum fällt der Kurs". */
export const EXPLANATION = [
  'explain', 'why', 'how (?:does|do) .{0,40}? work', 'erklar\\p{L}*', 'warum', 'wieso', 'expliqu\\p{L}*', 'pourquoi', 'explica\\p{L}*', 'por que', 'spiega\\p{L}*', 'perche',
  'porque', 'leg (?:me |mij )?uit', 'waarom', 'neden', 'acikla\\p{L}*',
];

/** A possessive before a topic word makes it the user's own ("my game tonight", "mes résultats"), not public news. */
export const POSSESSIVES = [
  'my', 'our', 'mein\\p{L}*', 'unser\\p{L}*', 'mon', 'ma', 'mes', 'notre', 'nos', 'mi', 'mis', 'nuestr\\p{L}*', 'mio', 'mia', 'miei', 'mie', 'nostr\\p{L}*', 'meu', 'minha', 'meus', 'minhas',
  'noss[oa]s?', 'mijn', 'onze',
];

/** Negation before a cue ("don't translate", "ohne Bild", "sans PDF"): the capability is not asked for. */
export const NEGATIONS = [
  "don't", 'do not', 'no need to', 'without', 'not', 'no', 'never',
  'nicht', 'kein(?:e|en)?', 'ohne',
  'ne pas', 'pas (?:de|d\'|besoin)', 'sans', "n'",
  'sin', 'nada de',
  'non', 'senza',
  'nao', 'sem',
  'niet', 'geen', 'zonder',
  'degil', 'olmadan', 'istemiyorum',
];

/**
 * How a question about something begins ("how do I make a pivot table", "warum übersetzt Google so
 * seltsam", "ab welchem Alter vorlesen"): words of making, translating or reading aloud inside it
 * name a topic, not a request. Requests phrased as questions start with "can you", "könntest du" ….
 */
export const ABOUT_QUESTION = [
  'how (?:do|does|did|can|could|should|would|many|much|long|often)(?! you (?:say|translate))', 'how to',
  // asking for an explanation of a thing is about it: "explain what a CSV file is", "erklär mir, wie …"
  'explain (?:to me )?(?:what|how|why|the difference)', 'tell me (?:what|how|why)', 'erklar\\p{L}* (?:mir )?(?:was|wie|warum|den unterschied)',
  "expliqu\\p{L}*(?:-moi)? (?:ce qu|comment|pourquoi|la difference)", 'explica(?:me)? (?:que|como|por que|la diferencia)',
  'spiega(?:mi)? (?:cosa|come|perche|la differenza)', 'explica(?:-me)? (?:o que|como|porque|a diferenca)', 'leg (?:me |mij )?uit (?:wat|hoe|waarom)', 'why', 'which', 'what(?:\'s| is| are| does| do)? (?:the|a|an) (?:best|difference|meaning|point)', 'is it', 'should i', 'at what age', "what(?:'s| is| are| does| do| did| was| were| happens)",
  'wie (?:kann|soll|mache|macht|erstelle|viele|lange|oft|funktioniert)', 'warum', 'wieso', 'weshalb', 'welche\\p{L}*', 'ab welchem', 'sollte man', 'soll ich', 'ist es', 'was (?:ist|sind|bedeutet|macht)',
  'comment (?:faire|puis-je|je|est-ce|fonctionne)', 'pourquoi', 'quel(?:le)?s?', 'est-ce qu\'il', 'combien',
  'como (?:hago|puedo|se hace|funciona|fazer|faco|posso|devo)', 'por (?:que|qu)', 'porque', 'cual(?:es)?', 'cuantos?', 'qual(?:e|i)?', 'quantos?', 'quanto',
  'come (?:faccio|posso|si fa|funziona)', 'perche', 'quali?',
  'hoe', 'waarom', 'welke', 'wat (?:is|zijn|betekent)',
  'que (?:es|son|significa)', "qu'est-ce que", "c'est quoi", 'cos(?:a|e) (?:e|sono|significa)', 'che cos', 'o que (?:e|sao|significa)',
];

/** Words a sentence may open with before its question word ("so, why …", "can you explain what …"). */
export const QUESTION_OPENERS = [
  'so', 'and', 'also', 'ok', 'okay', 'hey', 'please', 'can you', 'could you', 'und', 'bitte', 'kannst du(?: mir)?', 'konntest du(?: mir)?', 'et', 'peux-tu', 'pouvez-vous',
  'y', 'puedes', 'podrias', 'e', 'puoi', 'potresti', 'podes', 'podia', 'kun je', 'en',
];

/** Turkish question words stand anywhere in the sentence ("Excel'de nasıl sıralarım?"). */
export const ABOUT_QUESTION_ANYWHERE = ['neden', 'niye', 'nasil', 'ne zaman', 'hangi', 'nedir', 'ne yapmaliyim'];

/** "How do you say X in German?": a translation asked as a question. */
export const HOW_TO_SAY = [
  'how (?:do|would) (?:you|i|we) say', 'how to say',
  'wie sagt man', 'was heisst',
  'comment (?:on )?dit(?:-on)?', 'comment dire',
  'como se dice', 'como digo',
  'come si dice', 'come dico',
  'como se diz', 'como digo',
  'hoe zeg (?:je|ik)',
  'nasil (?:denir|soylenir|deriz|derim)',
];

/** Language names in Turkish (folded), which take case suffixes: "İngilizceye çevir", "İspanyolcada". */
export const TURKISH_LANGUAGE_NAMES: ReadonlyArray<[code: string, name: string]> = [
  ['en', 'ingilizce'], ['de', 'almanca'], ['fr', 'fransizca'], ['es', 'ispanyolca'], ['it', 'italyanca'], ['pt', 'portekizce'],
  ['nl', 'felemenkce'], ['nl', 'hollandaca'], ['tr', 'turkce'], ['ru', 'rusca'], ['ar', 'arapca'], ['zh', 'cince'], ['ja', 'japonca'],
];

/** Calendar verbs that end the clause: "einen Termin eintragen", "een afspraak inplannen", "toplantı planla". */
export const CALENDAR_VERBS_FINAL = [
  'planen', 'anlegen', 'eintragen', 'vereinbaren', 'ansetzen', 'organisieren', 'buchen',
  'inplannen', 'plannen', 'toevoegen', 'zetten', 'maken',
  'planla(?:yin|r misin|r misiniz|yabilir misin|yip)?', 'ekle(?:yin|r misin|r misiniz|yebilir misin|yip)?', 'olustur(?:un|ur musun|abilir misin|up)?',
  'ayarla(?:yin|r misin|yabilir misin|yip)?', 'kur(?:ar misin|abilir misin)?',
];
