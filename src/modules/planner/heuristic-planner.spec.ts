import { describe, expect, it } from 'vitest';
import { planHeuristically } from './heuristic-planner';
import type { Plan } from './plan';
import { validatePlan } from './plan-validator';

const PDF = [{ mime: 'application/pdf', name: 'report.pdf' }];
const JPG = [{ mime: 'image/jpeg', name: 'photo.jpg' }];

/** `capability<dep,dep>` per node, the reply node marked with `*`. */
function shape(plan: Plan): string[] {
  const capabilityOf = (id: string): string => plan.tasks.find((t) => t.id === id)?.capability ?? '?';
  return plan.tasks.map((t) => `${t.capability}${t.dependsOn.length ? `<${t.dependsOn.map(capabilityOf).join(',')}>` : ''}${t.id === plan.replyNode ? '*' : ''}`);
}

function plan(text: string, language: string, files: Array<{ mime: string; name: string }> = []): Plan {
  const result = planHeuristically({ text, language, files });
  const checked = validatePlan(result);
  if (!checked.ok) throw new Error(`invalid heuristic plan: ${checked.errors.join('; ')}`);
  return result;
}

describe('planHeuristically', () => {
  it.each([
    ['en', 'Summarize the attached file, translate it to German and read it aloud', 'de'],
    ['de', 'Fasse die angehängte Datei zusammen, übersetze sie ins Englische und lies sie mir vor', 'en'],
    ['fr', 'Résume le document joint, traduis-le en espagnol et lis-le à haute voix', 'es'],
    ['es', 'Resume el archivo adjunto, tradúcelo al francés y léelo en voz alta', 'fr'],
  ])('decomposes summarize → translate → read aloud (%s)', (language, text, target) => {
    const result = plan(text, language, PDF);

    expect(shape(result)).toEqual([
      'extract_text',
      'summarize<extract_text>',
      'translate<summarize>',
      'text2sound<translate>',
      'compose_reply<text2sound,translate>*',
    ]);
    expect(result.tasks[0]?.inputs).toEqual({ files: '$message.files' });
    expect(result.tasks[1]?.inputs).toEqual({ text: '$n1.text' });
    expect(result.tasks[2]).toMatchObject({ inputs: { text: '$n2.text' }, params: { targetLanguage: target } });
    expect(result.tasks[3]).toMatchObject({ inputs: { text: '$n3.text' }, params: { language: target } });
    expect(result.tasks[4]?.inputs).toEqual({ request: '$message.text', n4: '$n4.file', n3: '$n3.text' });
    expect(result.language).toBe(language);
  });

  it('answers a plain question with a single chat node', () => {
    expect(plan('What is the capital of France?', 'en')).toEqual({
      version: 1,
      language: 'en',
      replyNode: 'n1',
      tasks: [{ id: 'n1', capability: 'chat', dependsOn: [], inputs: { text: '$message.text' }, params: {} }],
    });
  });

  it('generates images from the request, or from the text it should illustrate', () => {
    expect(shape(plan('Erstelle ein Bild von einem Fuchs im Schnee', 'de'))).toEqual(['image_generation', 'compose_reply<image_generation>*']);
    expect(plan('Genera una imagen de un gato astronauta', 'es').tasks[0]?.inputs).toEqual({ prompt: '$message.text' });
    expect(shape(plan('Write a poem about autumn and illustrate it', 'en'))).toEqual([
      'chat',
      'image_generation<chat>',
      'compose_reply<image_generation,chat>*',
    ]);
  });

  it.each([
    ['Write a short report about solar panels as a PDF', 'en', 'pdf'],
    ['Schreibe einen Bericht über Windkraft und speichere ihn als Word-Datei', 'de', 'docx'],
    ['Rédige un rapport sur la qualité de l’air en PDF', 'fr', 'pdf'],
  ])('writes the text, then renders the document: %s', (text, language, format) => {
    const result = plan(text, language);
    expect(shape(result)).toEqual(['chat', 'document_generation<chat>', 'compose_reply<document_generation,chat>*']);
    expect(result.tasks[1]?.params).toEqual({ format });
  });

  it('searches, fetches and queries before summarizing', () => {
    expect(shape(plan('Search the web for the latest news about Mars and summarize them', 'en'))).toEqual([
      'web_search',
      'summarize<web_search>',
      'compose_reply<summarize>*',
    ]);
    const fetched = plan('Compare https://a.example.com/pricing and https://b.example.com/pricing and summarize the differences', 'en');
    expect(shape(fetched)).toEqual(['url_fetch', 'url_fetch', 'summarize<url_fetch,url_fetch>', 'compose_reply<summarize>*']);
    expect(fetched.tasks[0]?.inputs).toEqual({ url: 'https://a.example.com/pricing' });
    expect(fetched.tasks[2]?.inputs).toEqual({ text: '$n1.text', text_2: '$n2.text' });
  });

  it('analyses attached images instead of extracting them, and translates the result', () => {
    expect(shape(plan('Describe this image and translate the description into French', 'en', JPG))).toEqual([
      'file_analysis',
      'translate<file_analysis>',
      'compose_reply<translate>*',
    ]);
    expect(shape(plan('Beschreibe dieses Bild', 'de', JPG))).toEqual(['file_analysis', 'compose_reply<file_analysis>*']);
  });

  it.each([
    ['en', 'Describe this as audio'],
    ['en', 'Read this image out loud'],
    ['de', 'Beschreibe das Bild als Audio'],
    ['de', 'Erstelle eine Audiobeschreibung des Bildes'],
    ['fr', "Fais une description audio de l'image"],
    ['es', 'Haz una descripción en audio de la imagen'],
    ['it', 'Descrivi questa immagine ad alta voce'],
  ])('describes or reads an attached image aloud, never making a new one (%s: %s)', (language, text) => {
    const result = plan(text, language, JPG);

    expect(shape(result)).toEqual(['file_analysis', 'text2sound<file_analysis>', 'compose_reply<text2sound,file_analysis>*']);
    expect(result.tasks[0]?.inputs).toEqual({ files: '$message.files', question: '$message.text' });
    expect(result.tasks[1]).toMatchObject({ inputs: { text: '$n1.text' }, params: { language } });
  });

  it('still makes a new image beside an attached one when asked for one, and reads a document aloud from its text', () => {
    expect(plan('Generate an image in the style of this one and add a voice-over', 'en', JPG).tasks.map((t) => t.capability)).toContain('image_generation');
    expect(shape(plan('Read this scanned letter out loud', 'en', PDF))).toEqual(['extract_text', 'text2sound<extract_text>', 'compose_reply<text2sound,extract_text>*']);
    expect(plan('Describe a sunset as audio', 'en').tasks.map((t) => t.capability)).not.toContain('file_analysis');
  });

  it('translates into several languages in parallel', () => {
    const result = plan('Translate the attached letter into French and Spanish', 'en', PDF);
    expect(shape(result)).toEqual(['extract_text', 'translate<extract_text>', 'translate<extract_text>', 'compose_reply<translate,translate>*']);
    expect(result.tasks.filter((t) => t.capability === 'translate').map((t) => t.params.targetLanguage)).toEqual(['fr', 'es']);
  });

  it('keeps an independent image and story apart', () => {
    expect(shape(plan('Create a picture of a dragon and write a short story about a friendly dragon', 'en'))).toEqual([
      'chat',
      'image_generation',
      'compose_reply<chat,image_generation>*',
    ]);
  });
});

describe('planHeuristically: new kinds of request', () => {
  it.each([
    ['en', 'Make a picture of a red kite over the hills, then describe it'],
    ['de', 'Erzeuge ein Bild von einem Wasserfall und beschreib es anschließend'],
    ['es', 'Genera una imagen de un volcán y luego descríbela'],
  ])('describes the picture it made with the vision step (%s)', (language, text) => {
    const result = plan(text, language);
    expect(shape(result)).toEqual(['image_generation', 'file_analysis<image_generation>', 'compose_reply<file_analysis>*']);
    expect(result.tasks[1]?.inputs).toEqual({ files: '$n1.file', question: '$message.text' });
  });

  it.each([
    ['en', 'Set up a meeting with Priya on Thursday at 4pm and mail me the invite'],
    ['fr', 'Planifie un rendez-vous avec Marc mardi à 9h et envoie-moi l’invitation par e-mail'],
    ['it', 'Organizza un appuntamento con Luca venerdì alle 10 e mandamelo per email'],
  ])('makes the calendar file from the request and mails it (%s)', (language, text) => {
    const result = plan(text, language);
    expect(shape(result)).toEqual(['calendar_event', 'email_me<calendar_event>', 'compose_reply<email_me>*']);
    expect(result.tasks[0]?.inputs).toEqual({ text: '$message.text' });
    expect(result.tasks[1]?.inputs).toEqual({ n1: '$n1.file' });
  });

  it.each([
    ['en', 'Look up the current price of gold and put it in a spreadsheet', 'xlsx'],
    ['de', 'Recherchiere die aktuellen Spritpreise und gib sie mir als CSV', 'csv'],
    ['pt', 'Faz uma apresentação sobre energia solar', 'pptx'],
  ])('passes the format of the document asked for (%s)', (language, text, format) => {
    const document = plan(text, language).tasks.find((t) => t.capability === 'document_generation');
    expect(document?.params).toEqual({ format });
  });

  it('reads the event from an attached invitation as well as from the request', () => {
    const result = plan('Put the event in the attached invitation into my calendar', 'en', PDF);
    expect(shape(result)).toEqual(['extract_text', 'calendar_event<extract_text>', 'compose_reply<calendar_event,extract_text>*']);
    expect(result.tasks[1]?.inputs).toEqual({ request: '$message.text', source: '$n1.text' });
  });

  it('reads the text of an attached photo when a transcription is asked for, instead of describing it', () => {
    expect(shape(plan('Transcribe the recipe on this photo', 'en', JPG))).toEqual(['extract_text', 'compose_reply<extract_text>*']);
  });
});
