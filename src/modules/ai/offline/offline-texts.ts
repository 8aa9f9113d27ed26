/** What the offline provider says about itself, in the languages it prefaces answers in. */
export interface OfflineTexts {
  /** Preface when passages of the material match the request. */
  matching: string;
  /** Preface when nothing matches the request's words and the material's central passages are shown. */
  central: string;
  /** The whole answer when there is no material to quote from. */
  noMaterial: string;
}

const HOW_TO_CONNECT = {
  en: 'An administrator can connect one under Settings → Models, or by setting OPENAI_API_KEY, ANTHROPIC_API_KEY or OLLAMA_URL on the server.',
  de: 'Ein Administrator kann eines unter Einstellungen → Modelle verbinden oder auf dem Server OPENAI_API_KEY, ANTHROPIC_API_KEY oder OLLAMA_URL setzen.',
  fr: 'Un administrateur peut en connecter un dans Paramètres → Modèles, ou en définissant OPENAI_API_KEY, ANTHROPIC_API_KEY ou OLLAMA_URL sur le serveur.',
  es: 'Un administrador puede conectar uno en Ajustes → Modelos, o definiendo OPENAI_API_KEY, ANTHROPIC_API_KEY u OLLAMA_URL en el servidor.',
};

export const OFFLINE_TEXTS: Readonly<Record<'en' | 'de' | 'fr' | 'es', OfflineTexts>> = {
  en: {
    matching: '*Offline mode, no AI model in use: the passages of the supplied material that best match your request, quoted as written.*',
    central: '*Offline mode, no AI model in use: nothing in the supplied material matches your request directly; these are its most central passages, quoted as written.*',
    noMaterial: `*Offline mode:* no AI model is configured, so I cannot answer questions on my own. I can only quote from material you supply, such as a document, a pasted text or search results. ${HOW_TO_CONNECT.en}`,
  },
  de: {
    matching: '*Offline-Modus, kein KI-Modell im Einsatz: die Stellen des vorliegenden Materials, die am besten zu Ihrer Anfrage passen, wörtlich zitiert.*',
    central: '*Offline-Modus, kein KI-Modell im Einsatz: nichts im vorliegenden Material passt direkt zu Ihrer Anfrage; dies sind seine zentralen Stellen, wörtlich zitiert.*',
    noMaterial: `*Offline-Modus:* Es ist kein KI-Modell konfiguriert, daher kann ich Fragen nicht selbst beantworten. Ich kann nur aus Material zitieren, das Sie mitgeben, etwa einem Dokument, einem eingefügten Text oder Suchergebnissen. ${HOW_TO_CONNECT.de}`,
  },
  fr: {
    matching: '*Mode hors ligne, aucun modèle d’IA utilisé : les passages du contenu fourni qui correspondent le mieux à votre demande, cités tels quels.*',
    central: '*Mode hors ligne, aucun modèle d’IA utilisé : rien dans le contenu fourni ne correspond directement à votre demande ; voici ses passages les plus centraux, cités tels quels.*',
    noMaterial: `*Mode hors ligne :* aucun modèle d’IA n’est configuré, je ne peux donc pas répondre aux questions par moi-même. Je peux seulement citer le contenu que vous fournissez, comme un document, un texte collé ou des résultats de recherche. ${HOW_TO_CONNECT.fr}`,
  },
  es: {
    matching: '*Modo sin conexión, sin modelo de IA: los pasajes del material proporcionado que mejor responden a su solicitud, citados literalmente.*',
    central: '*Modo sin conexión, sin modelo de IA: nada del material proporcionado responde directamente a su solicitud; estos son sus pasajes más centrales, citados literalmente.*',
    noMaterial: `*Modo sin conexión:* no hay ningún modelo de IA configurado, así que no puedo responder preguntas por mí mismo. Solo puedo citar el material que usted aporte, como un documento, un texto pegado o resultados de búsqueda. ${HOW_TO_CONNECT.es}`,
  },
};

export function offlineTexts(language: string): OfflineTexts {
  return language in OFFLINE_TEXTS ? OFFLINE_TEXTS[language as keyof typeof OFFLINE_TEXTS] : OFFLINE_TEXTS.en;
}

/** True for a line the offline provider wrote about itself, so it is never quoted back as material. */
export function isOfflineNotice(line: string): boolean {
  const trimmed = line.trim();
  return Object.values(OFFLINE_TEXTS).some((t) => trimmed === t.matching || trimmed === t.central || trimmed.startsWith(t.noMaterial.slice(0, 24)));
}
