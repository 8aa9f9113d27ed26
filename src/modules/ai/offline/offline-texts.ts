/** What the offline provider says about itself, in the languages it prefaces answers in. */
export interface OfflineTexts {
  /** Preface when passages of the material match the request. */
  matching: string;
  /** Preface when nothing matches the request's words and the material's central passages are shown. */
  central: string;
  /** The whole answer when there is no material to quote from. */
  noMaterial: string;
  /** Preface of a summary extract: the central sentences of a text the user gave. */
  summary: string;
  /** The whole answer of a translation step: translating needs a model, and nothing pretends to. */
  translationNeedsModel: string;
  /** Label before the names of the files a reply comes with. */
  attached: string;
}

const HOW_TO_CONNECT = {
  en: 'An administrator can connect one under Settings → Models, or by setting OPENAI_API_KEY, ANTHROPIC_API_KEY or OLLAMA_URL on the server.',
  de: 'Ein Administrator kann eines unter Einstellungen → Modelle verbinden oder auf dem Server OPENAI_API_KEY, ANTHROPIC_API_KEY oder OLLAMA_URL setzen.',
  fr: 'Un administrateur peut en connecter un dans Paramètres → Modèles, ou en définissant OPENAI_API_KEY, ANTHROPIC_API_KEY ou OLLAMA_URL sur le serveur.',
  es: 'Un administrador puede conectar uno en Ajustes → Modelos, o definiendo OPENAI_API_KEY, ANTHROPIC_API_KEY u OLLAMA_URL en el servidor.',
  it: 'Un amministratore può collegarne uno in Impostazioni → Modelli, oppure impostando OPENAI_API_KEY, ANTHROPIC_API_KEY o OLLAMA_URL sul server.',
  tr: 'Bir yönetici Ayarlar → Modeller altından bir model bağlayabilir ya da sunucuda OPENAI_API_KEY, ANTHROPIC_API_KEY veya OLLAMA_URL ayarlayabilir.',
};

export const OFFLINE_TEXTS: Readonly<Record<'en' | 'de' | 'fr' | 'es' | 'it' | 'tr', OfflineTexts>> = {
  en: {
    matching: '*Offline mode, no AI model in use: the passages of the supplied material that best match your request, quoted as written.*',
    central: '*Offline mode, no AI model in use: nothing in the supplied material matches your request directly; these are its most central passages, quoted as written.*',
    noMaterial: `*Offline mode:* no AI model is configured, so I cannot answer questions on my own. I can only quote from material you supply, such as a document, a pasted text or search results. ${HOW_TO_CONNECT.en}`,
    summary: '*Offline mode, no AI model in use: the central sentences of the text, quoted as written.*',
    translationNeedsModel: `*Offline mode:* translating needs an AI model, and none is configured, so the text was not translated. ${HOW_TO_CONNECT.en}`,
    attached: 'Attached:',
  },
  de: {
    matching: '*Offline-Modus, kein KI-Modell im Einsatz: die Stellen des vorliegenden Materials, die am besten zu Ihrer Anfrage passen, wörtlich zitiert.*',
    central: '*Offline-Modus, kein KI-Modell im Einsatz: nichts im vorliegenden Material passt direkt zu Ihrer Anfrage; dies sind seine zentralen Stellen, wörtlich zitiert.*',
    noMaterial: `*Offline-Modus:* Es ist kein KI-Modell konfiguriert, daher kann ich Fragen nicht selbst beantworten. Ich kann nur aus Material zitieren, das Sie mitgeben, etwa einem Dokument, einem eingefügten Text oder Suchergebnissen. ${HOW_TO_CONNECT.de}`,
    summary: '*Offline-Modus, kein KI-Modell im Einsatz: die zentralen Sätze des Textes, wörtlich zitiert.*',
    translationNeedsModel: `*Offline-Modus:* Zum Übersetzen braucht es ein KI-Modell, und es ist keines konfiguriert; der Text wurde daher nicht übersetzt. ${HOW_TO_CONNECT.de}`,
    attached: 'Angehängt:',
  },
  fr: {
    matching: '*Mode hors ligne, aucun modèle d’IA utilisé : les passages du contenu fourni qui correspondent le mieux à votre demande, cités tels quels.*',
    central: '*Mode hors ligne, aucun modèle d’IA utilisé : rien dans le contenu fourni ne correspond directement à votre demande ; voici ses passages les plus centraux, cités tels quels.*',
    noMaterial: `*Mode hors ligne :* aucun modèle d’IA n’est configuré, je ne peux donc pas répondre aux questions par moi-même. Je peux seulement citer le contenu que vous fournissez, comme un document, un texte collé ou des résultats de recherche. ${HOW_TO_CONNECT.fr}`,
    summary: '*Mode hors ligne, aucun modèle d’IA utilisé : les phrases centrales du texte, citées telles quelles.*',
    translationNeedsModel: `*Mode hors ligne :* traduire nécessite un modèle d’IA et aucun n’est configuré ; le texte n’a donc pas été traduit. ${HOW_TO_CONNECT.fr}`,
    attached: 'En pièce jointe :',
  },
  es: {
    matching: '*Modo sin conexión, sin modelo de IA: los pasajes del material proporcionado que mejor responden a su solicitud, citados literalmente.*',
    central: '*Modo sin conexión, sin modelo de IA: nada del material proporcionado responde directamente a su solicitud; estos son sus pasajes más centrales, citados literalmente.*',
    noMaterial: `*Modo sin conexión:* no hay ningún modelo de IA configurado, así que no puedo responder preguntas por mí mismo. Solo puedo citar el material que usted aporte, como un documento, un texto pegado o resultados de búsqueda. ${HOW_TO_CONNECT.es}`,
    summary: '*Modo sin conexión, sin modelo de IA: las frases centrales del texto, citadas literalmente.*',
    translationNeedsModel: `*Modo sin conexión:* traducir requiere un modelo de IA y no hay ninguno configurado, así que el texto no se ha traducido. ${HOW_TO_CONNECT.es}`,
    attached: 'Adjuntos:',
  },
  it: {
    matching: '*Modalità offline, nessun modello di IA in uso: i passaggi del materiale fornito più pertinenti alla richiesta, citati alla lettera.*',
    central: '*Modalità offline, nessun modello di IA in uso: nulla nel materiale fornito risponde direttamente alla richiesta; questi sono i suoi passaggi centrali, citati alla lettera.*',
    noMaterial: `*Modalità offline:* non è configurato alcun modello di IA, quindi non posso rispondere alle domande da solo. Posso solo citare il materiale che fornisci, come un documento, un testo incollato o risultati di ricerca. ${HOW_TO_CONNECT.it}`,
    summary: '*Modalità offline, nessun modello di IA in uso: le frasi centrali del testo, citate alla lettera.*',
    translationNeedsModel: `*Modalità offline:* per tradurre serve un modello di IA e non ne è configurato nessuno, quindi il testo non è stato tradotto. ${HOW_TO_CONNECT.it}`,
    attached: 'In allegato:',
  },
  tr: {
    matching: '*Çevrimdışı mod, yapay zekâ modeli kullanılmıyor: verilen içerikte isteğinize en uygun bölümler, aynen alıntılandı.*',
    central: '*Çevrimdışı mod, yapay zekâ modeli kullanılmıyor: verilen içerikte isteğinize doğrudan karşılık gelen bir şey yok; bunlar içeriğin ana bölümleri, aynen alıntılandı.*',
    noMaterial: `*Çevrimdışı mod:* yapılandırılmış bir yapay zekâ modeli yok, bu yüzden soruları kendim yanıtlayamam. Yalnızca sizin verdiğiniz içerikten, örneğin bir belgeden, yapıştırılmış bir metinden ya da arama sonuçlarından alıntı yapabilirim. ${HOW_TO_CONNECT.tr}`,
    summary: '*Çevrimdışı mod, yapay zekâ modeli kullanılmıyor: metnin ana cümleleri, aynen alıntılandı.*',
    translationNeedsModel: `*Çevrimdışı mod:* çeviri için bir yapay zekâ modeli gerekir ve yapılandırılmış bir model yok; bu yüzden metin çevrilmedi. ${HOW_TO_CONNECT.tr}`,
    attached: 'Ekler:',
  },
};

export function offlineTexts(language: string): OfflineTexts {
  return language in OFFLINE_TEXTS ? OFFLINE_TEXTS[language as keyof typeof OFFLINE_TEXTS] : OFFLINE_TEXTS.en;
}

/** True for a line the offline provider wrote about itself, so it is never quoted back as material. */
export function isOfflineNotice(line: string): boolean {
  const trimmed = line.trim();
  return Object.values(OFFLINE_TEXTS).some(
    (t) => trimmed === t.matching || trimmed === t.central || trimmed === t.summary || trimmed.startsWith(t.noMaterial.slice(0, 24)) || trimmed.startsWith(t.translationNeedsModel.slice(0, 30)),
  );
}
