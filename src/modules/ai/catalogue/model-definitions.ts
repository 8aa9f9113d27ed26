import { ModelCapability } from '../ai.types';

/** A model as configuration describes it, before it is written to the catalogue. */
export interface ModelDefinition {
  id: string;
  provider: string;
  name: string;
  label: string;
  capabilities: ModelCapability[];
}

const ALL_CAPABILITIES: readonly ModelCapability[] = Object.values(ModelCapability);
const TEXT_CAPABILITIES = [ModelCapability.Chat, ModelCapability.Sort, ModelCapability.Plan, ModelCapability.Summarize, ModelCapability.Mem];

/** Always present: the model-free provider that answers when nothing else is configured. */
export const OFFLINE_MODELS: readonly ModelDefinition[] = [
  define('offline', 'basic', 'Offline (no AI model)', [...TEXT_CAPABILITIES, ModelCapability.Vectorize]),
];

/** OpenAI's API when OPENAI_MODELS does not say otherwise: one model per kind of work. */
const DEFAULT_OPENAI: ReadonlyArray<[string, ModelCapability[]]> = [
  ['gpt-4o-mini', [...TEXT_CAPABILITIES, ModelCapability.Pic2Text]],
  ['gpt-4o', [ModelCapability.Chat, ModelCapability.Summarize, ModelCapability.Pic2Text]],
  ['text-embedding-3-small', [ModelCapability.Vectorize]],
  ['gpt-image-1', [ModelCapability.Text2Pic]],
  ['gpt-4o-mini-tts', [ModelCapability.Text2Sound]],
  ['whisper-1', [ModelCapability.Sound2Text]],
];

const DEFAULT_ANTHROPIC: ReadonlyArray<[string, ModelCapability[]]> = [
  ['claude-sonnet-4-6', [...TEXT_CAPABILITIES, ModelCapability.Pic2Text]],
  ['claude-haiku-4-5', [...TEXT_CAPABILITIES, ModelCapability.Pic2Text]],
];

export function openAiModels(rawList: string | undefined, customServer: boolean): ModelDefinition[] {
  const vendor = customServer ? 'OpenAI-compatible' : 'OpenAI';
  const entries = rawList === undefined ? DEFAULT_OPENAI : parseModelList(rawList, 'OPENAI_MODELS');
  return entries.map(([name, capabilities]) => define('openai', name, `${vendor} · ${name}`, capabilities));
}

export function anthropicModels(rawList: string | undefined): ModelDefinition[] {
  const entries = rawList === undefined ? DEFAULT_ANTHROPIC : parseModelList(rawList, 'ANTHROPIC_MODELS');
  return entries.map(([name, capabilities]) => define('anthropic', name, `Anthropic · ${name}`, capabilities));
}

/** Ollama reports names only: embedding models by name, vision models by their usual names. */
export function ollamaModels(names: readonly string[]): ModelDefinition[] {
  return names.map((name) => {
    const capabilities = /embed|bge|minilm|e5-/i.test(name)
      ? [ModelCapability.Vectorize]
      : /llava|vision|\bvl\b|vl:|moondream|gemma3/i.test(name)
        ? [...TEXT_CAPABILITIES, ModelCapability.Pic2Text]
        : [...TEXT_CAPABILITIES];
    return define('ollama', name, `Ollama · ${name}`, capabilities);
  });
}

/**
 * Parses OPENAI_MODELS / ANTHROPIC_MODELS: `name` (a chat model: CHAT, SORT, PLAN, SUMMARIZE, MEM) or
 * `name:CAP1|CAP2`, comma-separated. Unknown capabilities fail loudly: a typo must not quietly
 * leave a capability without a model.
 */
export function parseModelList(raw: string, variable: string): Array<[string, ModelCapability[]]> {
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry): [string, ModelCapability[]] => {
      // Model names may contain colons themselves (`llama3.1:8b`): only an upper-case suffix lists capabilities.
      const separator = entry.lastIndexOf(':');
      const suffix = separator > 0 ? entry.slice(separator + 1) : '';
      if (!/^[A-Z0-9]+(\|[A-Z0-9]+)*$/.test(suffix) || !/[A-Z]/.test(suffix)) return [entry, [...TEXT_CAPABILITIES]];
      const capabilities = suffix.split('|');
      const unknown = capabilities.filter((c) => !(ALL_CAPABILITIES as readonly string[]).includes(c));
      if (unknown.length > 0) {
        throw new Error(`${variable}: "${entry}" names unknown capabilities ${unknown.join(', ')} (known: ${ALL_CAPABILITIES.join(', ')})`);
      }
      return [entry.slice(0, separator), [...new Set(capabilities as ModelCapability[])]];
    });
}

function define(provider: string, name: string, label: string, capabilities: ModelCapability[]): ModelDefinition {
  return { id: `${provider}:${name}`, provider, name, label, capabilities };
}
