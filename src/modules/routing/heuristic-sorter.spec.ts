import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../chat/dto/stream.dto';
import { DEFAULT_TASK_PROMPTS } from './default-task-prompts';
import { sortHeuristically } from './heuristic-sorter';
import { analyzeIntent } from './intent-detection';

const TOPICS = DEFAULT_TASK_PROMPTS.map((p) => ({ topic: p.topic, description: p.description }));
const PDF = [{ mime: 'application/pdf', name: 'report.pdf' }];

describe('analyzeIntent: kinds of request in eight languages', () => {
  const capabilities = (text: string, files: Array<{ mime: string; name: string }> = []): string[] => analyzeIntent(text, files).actions.map((a) => a.capability);
  const PNG = [{ mime: 'image/png', name: 'shot.png' }];

  it.each([
    ['en', 'Could you put our monthly expenses into a spreadsheet?', 'xlsx'],
    ['de', 'Bitte erstelle mir eine Tabelle mit allen Bundesländern und ihren Hauptstädten', 'xlsx'],
    ['fr', 'Fais-moi un tableur avec les dépenses du mois', 'xlsx'],
    ['es', 'Hazme una hoja de cálculo con los gastos del viaje', 'xlsx'],
    ['it', 'Preparami un foglio di calcolo con le spese di casa', 'xlsx'],
    ['pt', 'Cria uma planilha com as despesas da viagem', 'xlsx'],
    ['tr', 'Aylık giderlerimi bir Excel dosyası olarak hazırlar mısın?', 'xlsx'],
    ['nl', 'Zet de cijfers van dit kwartaal in een Excel-bestand', 'xlsx'],
    ['en', 'Give me the planets and their moons as CSV', 'csv'],
    ['de', 'Exportiere die Liste als CSV-Datei', 'csv'],
    ['en', 'Build a short slide deck on onboarding for new nurses', 'pptx'],
    ['de', 'Mach mir eine Präsentation über Bienen, fünf Folien', 'pptx'],
    ['fr', 'Prépare des diapositives sur la Révolution française', 'pptx'],
    ['es', 'Crea una presentación sobre el reciclaje para niños', 'pptx'],
    ['it', 'Fammi una presentazione sul Rinascimento', 'pptx'],
    ['tr', 'Yapay zekâ hakkında kısa bir sunum hazırla', 'pptx'],
    ['en', 'Make a presentation about owls, as a PDF', 'pdf'],
  ])('sees a document to make in %s: "%s" → %s', (_, text, format) => {
    const intent = analyzeIntent(text);
    expect(intent.actions.map((a) => a.capability)).toContain('document_generation');
    expect(intent.documentFormat).toBe(format);
    expect(intent.multiStep).toBe(true);
  });

  it.each([
    'Book a meeting with the design team next Tuesday at 9',
    'Trag mir einen Termin beim Zahnarzt am Mittwoch um 8 Uhr ein',
    'Ajoute un rappel dans mon agenda pour vendredi midi',
    'Crea una cita con el dentista el martes a las 10',
    'Fissa un appuntamento con il commercialista giovedì alle 17',
    'Agenda uma reunião com a equipa na segunda às 9h',
    'Plan een afspraak met de huisarts op vrijdag om 11 uur',
    'Pazartesi saat 10da ekip ile bir toplantı ayarla',
  ])('sees a calendar event in "%s"', (text) => {
    expect(capabilities(text)).toContain('calendar_event');
    expect(analyzeIntent(text).multiStep).toBe(true);
  });

  it.each([
    ['en', 'Will it rain in Glasgow this weekend?'],
    ['en', "What's the forecast for Lisbon on Saturday?"],
    ['de', 'Wie wird das Wetter morgen in Leipzig?'],
    ['fr', 'Quel est le prix du bitcoin aujourd’hui ?'],
    ['es', '¿Quién ganó el partido de ayer del Betis?'],
    ['it', 'Quali sono le notizie principali di oggi?'],
    ['pt', 'Qual é a previsão do tempo para amanhã em Porto?'],
    ['nl', 'Wat is de uitslag van de wedstrijd van gisteren?'],
    ['tr', 'Bugün euro kaç lira?'],
  ])('searches the web for fresh information (%s): "%s"', (_, text) => {
    expect(analyzeIntent(text).webSearch).toBe(true);
  });

  it.each([
    'I have an exam tomorrow, how should I revise for it?',
    'Explain the results of the Milgram experiment',
    'Morgen habe ich Geburtstag, was koche ich?',
  ])('does not search the web for a time or a topic word alone: "%s"', (text) => {
    expect(analyzeIntent(text).webSearch).toBe(false);
  });

  it.each([
    ['en', 'Draw a fox in the snow, then describe the picture for a blind reader'],
    ['de', 'Male ein Segelboot im Sturm und beschreibe danach das Bild'],
    ['fr', 'Génère une image d’un phare, puis décris-la'],
    ['es', 'Dibuja un castillo y después descríbelo'],
    ['it', 'Crea un’immagine di un bosco e poi descrivila'],
    ['tr', 'Bir kedi resmi çiz, sonra resimde ne olduğunu anlat'],
  ])('describes the picture it makes (%s): "%s"', (_, text) => {
    const intent = analyzeIntent(text);
    expect(intent.actions.map((a) => a.capability)).toEqual(['image_generation', 'file_analysis']);
    expect(intent.describeGenerated).toBe(true);
  });

  it.each([
    ['tr', 'Bana bir kuş resmi oluşturur musun?'],
    ['it', 'Mi serve un’illustrazione di un faro per il mio blog'],
    ['pt', 'Gera uma imagem de um gato astronauta'],
    ['nl', 'Maak een afbeelding van een windmolen bij zonsondergang'],
    ['de', 'Kannst du mir ein Bild von einem Leuchtturm malen?'],
  ])('sees a picture to make in %s: "%s"', (_, text) => {
    expect(capabilities(text)).toEqual(['image_generation']);
  });

  it.each([
    ['de', 'Übersetze das Gedicht ins Spanische und lies es mir danach laut vor', ['translate', 'text2sound']],
    ['it', 'Traduci questo testo in inglese e leggimelo ad alta voce', ['translate', 'text2sound']],
    ['nl', 'Vertaal deze zin naar het Frans en lees hem hardop voor', ['translate', 'text2sound']],
    ['tr', 'Bu metni Almancaya çevir ve sesli oku', ['translate', 'text2sound']],
    ['pt', 'Resume este artigo e envia-me por e-mail', ['summarize', 'email_me']],
  ])('reads chained steps in %s: "%s"', (_, text, expected) => {
    expect(capabilities(text, PDF)).toEqual(expected);
  });

  it.each([
    ['en', "I'd love a quick deck of slides explaining compound interest", 'pptx'],
    ['en', 'Can you whip up an Excel sheet of the largest lakes?', 'xlsx'],
    ['fr', 'Peux-tu me faire un tableau Excel des dépenses ?', 'xlsx'],
    ['pt', 'Faz-me uma folha de cálculo com as despesas', 'xlsx'],
    ['tr', 'Bütçe için bir Excel dosyası lazım', 'xlsx'],
  ])('sees a document asked for as a wish or in colloquial words (%s): "%s"', (_, text, format) => {
    expect(analyzeIntent(text).documentFormat).toBe(format);
  });

  it.each([
    'Can you explain what a CSV file is?',
    'Wat is het verschil tussen een PDF en een Word-bestand?',
    'Erklär mir, wie man eine Präsentation gut aufbaut',
    'Is it rude to send a calendar invite without asking first?',
  ])('asks for no file when a format is only explained: "%s"', (text) => {
    expect(analyzeIntent(text).multiStep).toBe(false);
  });

  it.each([
    ['en', 'Who won the Champions League final last night?'],
    ['it', 'Che tempo farà domani a Napoli?'],
    ['es', '¿Cuánto cuesta hoy el bitcoin?'],
  ])('searches the web for results, weather and prices (%s)', (_, text) => {
    expect(analyzeIntent(text).webSearch).toBe(true);
  });

  it.each([
    'Mañana tengo que hacer una presentación, ¿algún consejo para los nervios?',
    'I have to make a poster for school and I have no ideas',
    'Je dois faire un rapport demain et je stresse',
  ])("asks for nothing when the thing is the user's own task: \"%s\"", (text) => {
    expect(analyzeIntent(text).actions.filter((a) => a.capability !== 'chat')).toEqual([]);
  });

  it.each([
    'Explain how exchange rates work',
    'I want to win my chess game tonight, any opening tips?',
    'Je dois présenter mes résultats demain, comment bien m’y préparer ?',
    'Ik heb morgen een afspraak bij de tandarts, ik ben bang. Tips?',
  ])('does not search the web for an explanation or for the user\'s own affairs: "%s"', (text) => {
    const intent = analyzeIntent(text);
    expect(intent.webSearch).toBe(false);
    expect(intent.multiStep).toBe(false);
  });

  it.each([
    ['de', 'Kannst du nachschauen, wann heute der letzte Zug nach Köln fährt?', 'web_search'],
    ['fr', 'J’aurais besoin d’une image d’un dragon pour mon jeu', 'image_generation'],
    ['fr', 'Ça serait possible d’avoir un tableur avec mes dépenses ?', 'document_generation'],
    ['de', 'Schick mir eine Mail mit drei Rezeptideen', 'email_me'],
    ['en', 'Read me the attached poem', 'text2sound'],
  ])('reads indirect requests (%s): "%s"', (_, text, capability) => {
    expect(analyzeIntent(text, PDF.slice(0, text.includes('attached') ? 1 : 0)).actions.map((a) => a.capability)).toContain(capability);
  });

  it.each([
    ['it', 'Avrei bisogno di un logo per il mio negozio', 'image_generation'],
    ['es', '¿Me harías un dibujo de un gato astronauta?', 'image_generation'],
    ['it', 'Sarebbe possibile avere un foglio Excel con i voti?', 'document_generation'],
    ['en', 'What time does the Louvre close today?', 'web_search'],
    ['es', '¿Cómo están las carreteras hoy en Madrid?', 'web_search'],
    ['en', 'Can you get me the latest Premier League table?', 'web_search'],
  ])('reads conditional wishes and everyday fresh questions (%s): "%s"', (_, text, capability) => {
    expect(analyzeIntent(text).actions.map((a) => a.capability)).toContain(capability);
  });

  it.each([
    ['en', 'Make a list of the 20 biggest companies and export it to Excel', 'document_generation'],
    ['en', 'Record an audio message saying happy birthday to Tom', 'text2sound'],
    ['de', 'Sprich den Text ein: Willkommen bei uns', 'text2sound'],
    ['en', 'Create an infographic about recycling', 'image_generation'],
    ['de', 'Kannst du mir das Ergebnis mailen?', 'email_me'],
    ['es', 'Agenda una llamada con el cliente el viernes a las 10', 'calendar_event'],
  ])('reads exports, recordings, infographics, mailing and calls (%s): "%s"', (_, text, capability) => {
    expect(analyzeIntent(text).actions.map((a) => a.capability)).toContain(capability);
  });

  it.each([
    ["When you're done, email the summary to me", ['email_me', 'summarize']],
    ['Quand tu as fini le résumé, envoie-le-moi par e-mail', ['email_me', 'summarize']],
    ['What I need is a summary of the attached report', ['summarize']],
  ])('reads a request that opens like a question: "%s"', (text, expected) => {
    expect(analyzeIntent(text, PDF).actions.map((a) => a.capability).sort()).toEqual(expected);
  });

  it.each([
    ['fr', 'Qui a gagné l’élection hier ?', 'web_search'],
    ['fr', 'Quel est le cours de l’action Airbus aujourd’hui ?', 'web_search'],
    ['de', 'Hol mir die neuesten Infos zum Bahnstreik', 'web_search'],
    ['de', 'Mach eine Sprachaufnahme von diesem Text: Hallo zusammen', 'text2sound'],
    ['fr', 'Peux-tu me faire une synthèse du rapport ?', 'summarize'],
  ])('reads elections, share prices, updates, recordings and syntheses (%s): "%s"', (_, text, capability) => {
    expect(analyzeIntent(text).actions.map((a) => a.capability)).toContain(capability);
  });

  it.each([
    ['de', 'Welche Filme laufen heute im Kino?', 'web_search'],
    ['en', 'Could you check whether the A9 is closed today?', 'web_search'],
    ['de', 'Was kostet eine Bahncard 50 im Moment?', 'web_search'],
    ['en', 'Make me a Word doc with a packing list for a beach holiday', 'document_generation'],
  ])('reads cinema programmes, closures, prices right now and Word docs (%s): "%s"', (_, text, capability) => {
    expect(analyzeIntent(text).actions.map((a) => a.capability)).toContain(capability);
  });

  it('plans a translation of a text pasted as the next sentence', () => {
    expect(analyzeIntent('Kannst du mir den Text ins Italienische übersetzen? Der Zug fährt um acht.').multiStep).toBe(true);
  });

  it('does not take a call to an API or to action for an event', () => {
    expect(analyzeIntent('Add a call to action at the end of this paragraph').actions.map((a) => a.capability)).not.toContain('calendar_event');
  });

  it.each(['Send an email to my boss saying I am sick today', 'Schreib eine Mail an meinen Vermieter wegen der Heizung'])(
    'writes an e-mail to someone else without mailing the user: "%s"',
    (text) => {
      expect(analyzeIntent(text).actions.map((a) => a.capability)).not.toContain('email_me');
    },
  );

  it('reads a Turkish target language from its case ending', () => {
    expect(analyzeIntent('Bu mektubu İspanyolcaya çevir', PDF).translateTargets).toEqual(['es']);
  });

  it.each([
    'How do I make a pivot table in Excel?',
    'Why do translations of poetry lose so much?',
    'Wie erstelle ich in PowerPoint eine Folie mit zwei Spalten?',
    'Pourquoi les calendriers mayas sont-ils si précis ?',
    '¿Cómo se hace una buena presentación en público?',
    'Perché i ritratti di Modigliani hanno il collo lungo?',
    'Hoe maak je een goede foto van de maan?',
    'Excel dosyasında filtreyi nasıl kaldırırım?',
  ])('asks for nothing in a question about a thing: "%s"', (text) => {
    const intent = analyzeIntent(text);
    expect(intent.actions.filter((a) => a.capability !== 'chat')).toEqual([]);
    expect(intent.multiStep).toBe(false);
  });

  it.each([
    'Explain photosynthesis, no picture please',
    'Schreib mir ein Gedicht, aber ohne Bild',
    'Résume-moi la situation sans PDF, juste en texte',
    "Don't translate it, just tell me what it means",
  ])('does not ask for what is negated: "%s"', (text) => {
    expect(analyzeIntent(text).actions.map((a) => a.capability).filter((c) => c !== 'chat' && c !== 'summarize')).toEqual([]);
  });

  it.each([
    ['en', 'What is the dog in this picture doing?'],
    ['tr', 'Bu fotoğraftaki kuş hangi tür?'],
  ])('looks at attached images a question is about (%s)', (_, text) => {
    const intent = analyzeIntent(text, PNG);
    expect(intent.actions.map((a) => a.capability)).toContain('file_analysis');
    expect(intent.multiStep).toBe(true);
  });

  it.each(['Please transcribe the handwriting on this note', 'Tippe den Text auf dem Foto ab', 'Trascrivi il testo di questa foto'])(
    'reads the text of attached images when a transcription is asked for: "%s"',
    (text) => {
      const intent = analyzeIntent(text, PNG);
      expect(intent.transcribe).toBe(true);
      expect(intent.multiStep).toBe(true);
    },
  );

  it.each([
    'What do my uploaded notes say about the supplier contract?',
    'Such in meinen Unterlagen nach der Kündigungsfrist',
    'Cherche dans mes documents la facture de mars',
    'Cosa dicono i documenti che ho caricato sulle ferie?',
  ])("searches the user's own documents: \"%s\"", (text) => {
    expect(capabilities(text)).toContain('rag_query');
    expect(capabilities(text)).not.toContain('web_search');
  });
});

describe('analyzeIntent', () => {
  it.each([
    ['en', 'Summarize the attached file, translate it to German and read it aloud', 'de'],
    ['de', 'Fasse die angehängte Datei zusammen, übersetze sie ins Englische und lies sie mir vor', 'en'],
    ['fr', 'Résume le document joint, traduis-le en espagnol et lis-le à haute voix', 'es'],
    ['es', 'Resume el archivo adjunto, tradúcelo al francés y léelo en voz alta', 'fr'],
  ])('reads summarize → translate → speech in %s, with the target language', (_, text, target) => {
    const intent = analyzeIntent(text, PDF);

    expect(intent.actions.map((a) => a.capability)).toEqual(['summarize', 'translate', 'text2sound']);
    expect(intent.translateTargets).toEqual([target]);
    expect(intent.multiStep).toBe(true);
    expect(intent.media).toBe('audio');
    expect(intent.refersToAttachment).toBe(true);
  });

  it.each([
    'Generate an image of a cat wearing a hat',
    'Erstelle ein Bild von einem Hund am Strand',
    'Génère une image d’un phare au coucher du soleil',
    'Dessine-moi un mouton',
    'Genera una imagen de un gato astronauta',
    'Dibuja un castillo',
  ])('sees an image request in "%s" (a file to produce: multi-step)', (text) => {
    const intent = analyzeIntent(text);
    expect(intent.actions.map((a) => a.capability)).toEqual(['image_generation']);
    expect(intent.media).toBe('image');
    expect(intent.multiStep).toBe(true);
  });

  it.each([
    'Summarize the article and send the summary to my email',
    'Forward the translation to my mail account',
    'Mail it to me when it is done',
  ])('reads "%s" as mailing the result to the user', (text) => {
    expect(analyzeIntent(text).actions.map((a) => a.capability)).toContain('email_me');
  });

  it.each(['Please reply to my email from yesterday', 'Send an email to my boss about the delay', 'Write an e-mail to my landlord'])(
    'reads "%s" as writing, not mailing the user',
    (text) => {
      expect(analyzeIntent(text).actions.map((a) => a.capability)).not.toContain('email_me');
    },
  );

  it.each([
    ['Write a report about solar energy as PDF', 'pdf'],
    ['Turn the attached notes into a Word document', 'docx'],
    ['Schreibe einen Bericht und speichere ihn als PDF', 'pdf'],
    ['Rédige un rapport en PDF', 'pdf'],
    ['Redacta un informe en formato PDF', 'pdf'],
    ['Export the summary to Markdown file', 'md'],
  ])('sees a document to generate in "%s" as %s', (text, format) => {
    const intent = analyzeIntent(text);
    expect(intent.actions.map((a) => a.capability)).toContain('document_generation');
    expect(intent.documentFormat).toBe(format);
  });

  it.each([
    'What is the capital of France?',
    'Which image formats support transparency?',
    'Summarize this PDF',
    'Write a summary of the attached document',
    'Describe the history of Rome',
    'I want to document my code better',
    'In a word, how was the movie?',
    'Open the drawer and draw conclusions later',
    'Übersetze das bitte ins Englische',
  ])('does not call "%s" multi-step', (text) => {
    expect(analyzeIntent(text).multiStep).toBe(false);
  });

  it.each([
    "Translate 'please write to me soon' into German",
    'Fasse diesen Text zusammen: Der Stadtrat hat gestern beschlossen, die Bibliothek länger zu öffnen.',
  ])('plans a translation or summary of material in the message itself ("%s"): its step works on that material', (text) => {
    expect(analyzeIntent(text).multiStep).toBe(true);
  });

  it('understands requests phrased as wishes or without the verb', () => {
    expect(analyzeIntent('I need a logo for my coffee shop').actions.map((a) => a.capability)).toEqual(['image_generation']);
    expect(analyzeIntent('Quiero una ilustración de un dragón').actions.map((a) => a.capability)).toEqual(['image_generation']);
    expect(analyzeIntent('I want to understand how the image pipeline works').actions).toEqual([]);
    const into = analyzeIntent('Put the attached slides into French', PDF);
    expect(into.actions.map((a) => a.capability)).toEqual(['translate']);
    expect(into.translateTargets).toEqual(['fr']);
    const inFrench = analyzeIntent('Summarize this in French');
    expect(inFrench.actions.map((a) => a.capability)).toEqual(['summarize', 'translate']);
    expect(inFrench.translateTargets).toEqual(['fr']);
    expect(analyzeIntent('Gib mir die wichtigsten Punkte aus dem Anhang', PDF).actions.map((a) => a.capability)).toEqual(['summarize']);
  });

  it('ignores the words of quoted text', () => {
    expect(analyzeIntent('Translate "Please generate an image and read it aloud" into French').actions.map((a) => a.capability)).toEqual(['translate']);
  });

  it.each([
    ['What are the latest news about the AI act?', true],
    ["Quel temps fait-il aujourd'hui à Lyon ?", true],
    ['Was gibt es heute Neues in Berlin?', true],
    ['¿Cuáles son las últimas noticias?', true],
    ['Explain how photosynthesis works', false],
  ])('web search for "%s": %s', (text, expected) => {
    expect(analyzeIntent(text).webSearch).toBe(expected);
  });

  it('counts a numbered list of steps as multi-step', () => {
    expect(analyzeIntent('Please:\n1. explain recursion\n2. give an example in Python').multiStep).toBe(true);
  });

  it('sees "write … and then translate" as two steps, and links in the text', () => {
    const intent = analyzeIntent('Write a poem about spring and then translate it into French');
    expect(intent.actions.map((a) => a.capability)).toEqual(['chat', 'translate']);
    expect(intent.multiStep).toBe(true);
    expect(analyzeIntent('Summarize https://example.com/a.html please').urls).toEqual(['https://example.com/a.html']);
  });

  it('knows when an image should illustrate the text made before it', () => {
    expect(analyzeIntent('Write a poem about autumn and illustrate it').imageFromContent).toBe(true);
    expect(analyzeIntent('Schreibe eine Geschichte und erstelle ein passendes Bild dazu').imageFromContent).toBe(true);
    expect(analyzeIntent('Write a poem and generate an image of a cat').imageFromContent).toBe(false);
  });

  describe('on messages of the largest size built to make its patterns backtrack', () => {
    const atMaxLength = (text: string, filler: string): string => (text + filler.repeat(MAX_MESSAGE_LENGTH)).slice(0, MAX_MESSAGE_LENGTH);

    // Unclosed quotes, and the inputs recheck finds slowest for the word-list patterns (a verb, then no noun in reach).
    it.each(['«', '„', '“', '"', "'", '«„“', 'fassatd', 'reads ', 'generierhnal ', 'buscpi'])('reads the request before %j × n', (filler) => {
      const intent = analyzeIntent(atMaxLength('Translate this into French: ', filler));
      expect(intent.actions.map((a) => a.capability)).toEqual(['translate']);
      expect(intent.translateTargets).toEqual(['fr']);
    });

    it('trims the punctuation after a link, not a run of it inside the link', () => {
      const inside = `https://example.com/a${'!'.repeat(1_000)}b`;
      expect(analyzeIntent(atMaxLength(`Summarize ${inside} `, '!')).urls).toEqual([inside]);
      expect(analyzeIntent(atMaxLength('Summarize https://example.com/a', '!')).urls).toEqual(['https://example.com/a']);
    });

    it.each(['\n\t', '\n', ' ', '\n-', '\n1.'])('counts the listed steps before %j × n', (filler) => {
      expect(analyzeIntent(atMaxLength('Please:\n1. explain recursion\n2. give an example in Python', filler)).multiStep).toBe(true);
    });
  });
});

describe('sortHeuristically', () => {
  it.each([
    ['Translate this into Spanish: good morning', 'translate'],
    ['Übersetze den Text ins Französische', 'translate'],
    ['Summarize the attached report', 'docsummary'],
    ['Fasse das Dokument zusammen', 'docsummary'],
    ['Résume cet article', 'docsummary'],
    ['Generate an image of a red fox', 'mediamaker'],
    ['Lies mir den Text vor', 'mediamaker'],
    ['Write a report about solar energy as PDF', 'officemaker'],
    ['Summarize the file as a PDF', 'officemaker'],
    ['Redacta un informe en formato PDF', 'officemaker'],
    ['How do heat pumps work?', 'general'],
    ['¿Cuántos planetas hay?', 'general'],
  ])('puts "%s" under %s', (text, topic) => {
    expect(sortHeuristically(text, TOPICS).topic).toBe(topic);
  });

  it('only picks topics that are known (enabled)', () => {
    const withoutTranslate = TOPICS.filter((t) => t.topic !== 'translate');
    expect(sortHeuristically('Translate this into Spanish', withoutTranslate).topic).toBe('general');
  });

  it('finds a custom topic by its key and description', () => {
    const topics = [...TOPICS, { topic: 'recipes', description: 'Cooking recipes, ingredients and meal planning' }];
    expect(sortHeuristically('Give me some recipes with these ingredients: eggs, leeks', topics).topic).toBe('recipes');
    expect(sortHeuristically('What is the boiling point of water?', topics).topic).toBe('general');
  });

  it('leaves the language to language detection and reports the signals', () => {
    const verdict = sortHeuristically('Search the web for the latest news on Mars and summarize them', TOPICS);
    expect(verdict).toEqual({ topic: 'docsummary', language: null, webSearch: true, multiStep: true });
  });
});
