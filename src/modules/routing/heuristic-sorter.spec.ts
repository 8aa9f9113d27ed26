import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../chat/dto/stream.dto';
import { DEFAULT_TASK_PROMPTS } from './default-task-prompts';
import { sortHeuristically } from './heuristic-sorter';
import { analyzeIntent } from './intent-detection';

const TOPICS = DEFAULT_TASK_PROMPTS.map((p) => ({ topic: p.topic, description: p.description }));
const PDF = [{ mime: 'application/pdf', name: 'report.pdf' }];

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
    "Translate 'please write to me soon' into German",
    'Open the drawer and draw conclusions later',
  ])('does not call "%s" multi-step', (text) => {
    expect(analyzeIntent(text).multiStep).toBe(false);
  });

  it('understands requests phrased as wishes or without the verb', () => {
    expect(analyzeIntent('I need a logo for my coffee shop').actions.map((a) => a.capability)).toEqual(['image_generation']);
    expect(analyzeIntent('Quiero una ilustración de un dragón').actions.map((a) => a.capability)).toEqual(['image_generation']);
    expect(analyzeIntent('I want to understand how the image pipeline works').actions).toEqual([]);
    const into = analyzeIntent('Put the attached slides into French', PDF);
    expect(into.actions.map((a) => a.capability)).toEqual(['translate']);
    expect(into.translateTargets).toEqual(['fr']);
    expect(analyzeIntent('Summarize this in French').actions.map((a) => a.capability)).toEqual(['summarize']);
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
