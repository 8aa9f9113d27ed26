import type { MemoryCategory } from './memory.entity';

/**
 * Words a question about a kind of fact tends to use, in the five languages, embedded with the
 * memory (never shown): "Where do I live?" shares almost no words with "lives in: Hamburg", and a
 * word-based embedder (the offline one) would not recall it. Keyed by the extractor's canonical
 * keys; any other key gets its category's words.
 */
const BY_KEY: Readonly<Record<string, string>> = {
  name: 'my name, called, heiße, Name, nom, appelle, nombre, llamo, nome, chiamo',
  'lives in': 'where I live, my home, city, address, near me, wohne, Wohnort, habite, vivo, abito',
  'comes from': 'where I come from, origin, born, hometown, komme aus, Heimat, viens, origine, soy de, sono di',
  job: 'my work, job, profession, career, Beruf, arbeite, travail, métier, trabajo, lavoro',
  employer: 'my work, company, employer, work at, Firma, arbeite bei, entreprise, empresa, azienda',
  diet: 'food, eat, meat, cook, dinner, recipe, meal, restaurant, essen, kochen, manger, cuisine, comida, cocinar, cibo, cucinare',
  allergies: 'allergy, allergic, food, eat, recipe, Allergie, essen, allergique, manger, alergia, comida, allergia, cibo',
  languages: 'language, speak, translate, Sprache, spreche, langue, parle, idioma, hablo, lingua, parlo',
  'native language': 'language, speak, translate, Muttersprache, Sprache, langue, idioma, lingua',
  age: 'age, how old, born, birthday, Alter, alt, âge, edad, età',
  children: 'family, kids, children, Familie, Kinder, famille, enfants, familia, hijos, famiglia, figli',
  'marital status': 'married, partner, family, verheiratet, marié, casado, sposato',
};

const BY_CATEGORY: Readonly<Record<MemoryCategory, string>> = {
  personal: 'about me, myself',
  preferences: 'likes, favourite, preference, enjoy, mag, Lieblings, aime, préféré, gusta, favorito, piace, preferito',
  work: 'my work, job, Arbeit, travail, trabajo, lavoro',
  health: 'health, Gesundheit, santé, salud, salute',
  relationships: 'family, Familie, famille, familia, famiglia',
  other: '',
};

/** The text a memory is embedded as: its line, then the words of questions about its kind of fact. */
export function memoryEmbeddingText(memory: { category: MemoryCategory; key: string; value: string }): string {
  const cues = BY_KEY[memory.key.toLowerCase()] ?? BY_CATEGORY[memory.category];
  return cues ? `${memory.key}: ${memory.value}. ${cues}` : `${memory.key}: ${memory.value}`;
}
