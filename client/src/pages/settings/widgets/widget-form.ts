import type { Widget, WidgetConfig, WidgetFields } from '../../../api/widgets';

/** What the editor edits: the widget's fields and its config flattened, texts as typed. */
export interface WidgetForm extends Omit<WidgetConfig, 'privacyUrl'> {
  name: string;
  active: boolean;
  /** "" routes messages normally. */
  taskPromptTopic: string;
  allowedDomains: string[];
  /** "" for none. */
  privacyUrl: string;
}

export type WidgetFormField = keyof WidgetForm;
export type WidgetFormErrors = Partial<Record<WidgetFormField, string>>;

/** The server's limits (docs/widgets.md). */
export const LIMITS = {
  name: 100,
  domains: 50,
  title: 60,
  subtitle: 120,
  greeting: 500,
  placeholder: 80,
  privacyUrl: 500,
} as const;

export const DEFAULT_COLOR = '#4f46e5';
const COLOR_PATTERN = /^#[0-9a-f]{6}$/i;

/**
 * An allowed domain: a host name, optionally `*.` before it (any subdomain) and `:port` after it.
 * Labels are letters, digits and inner hyphens, at most 63 characters; no scheme, path or
 * upper case. Linear: no label pattern can overlap the next (they are separated by a dot).
 */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const PORT = /^\d{1,5}$/;

/** `[*.]label(.label)*[:port]`, checked label by label (as the server does). */
function isDomainPattern(domain: string): boolean {
  const rest = domain.startsWith('*.') ? domain.slice(2) : domain;
  const colon = rest.indexOf(':');
  const host = colon < 0 ? rest : rest.slice(0, colon);
  if (colon >= 0 && !PORT.test(rest.slice(colon + 1))) return false;
  return host.split('.').every((label) => LABEL.test(label));
}

export function formOf(widget: Widget | undefined): WidgetForm {
  return {
    name: widget?.name ?? '',
    active: widget?.active ?? true,
    taskPromptTopic: widget?.taskPromptTopic ?? '',
    allowedDomains: widget?.allowedDomains ?? [],
    title: widget?.config.title ?? 'Chat with us',
    subtitle: widget?.config.subtitle ?? 'Answers come from an AI assistant; a person can take over.',
    greeting: widget?.config.greeting ?? 'Hello! How can we help?',
    placeholder: widget?.config.placeholder ?? 'Write a message…',
    color: widget?.config.color ?? DEFAULT_COLOR,
    position: widget?.config.position ?? 'right',
    humanHandoff: widget?.config.humanHandoff ?? true,
    privacyUrl: widget?.config.privacyUrl ?? '',
  };
}

export function sameForm(a: WidgetForm, b: WidgetForm): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What someone typed as an allowed domain, as the server wants it: trimmed, lower case, and a
 * pasted address reduced to its host ("https://Shop.Example.com/cart" → "shop.example.com").
 */
export function normalizeDomain(raw: string): string {
  let value = raw.trim().toLowerCase();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//.exec(value);
  if (scheme) value = value.slice(scheme[0].length);
  const end = value.search(/[/?#]/);
  if (end !== -1) value = value.slice(0, end);
  return value.replace(/\.$/, '');
}

/** Why an allowed domain is refused, or undefined when it is fine. */
export function checkDomain(domain: string): string | undefined {
  if (domain.length > 253 || !isDomainPattern(domain)) return `“${domain}” isn't a host name. Use e.g. shop.example.com, *.example.com or localhost:5173.`;
  const port = /:(\d+)$/.exec(domain);
  if (port && (Number(port[1]) < 1 || Number(port[1]) > 65_535)) return `“${domain}” has a port that doesn't exist.`;
  // As the server: `*.com` would let half the web embed the widget.
  if (domain.startsWith('*.') && !domain.slice(2).replace(/:\d+$/, '').includes('.')) return `“${domain}” is too broad: use a domain like *.example.com.`;
  return undefined;
}

export function checkPrivacyUrl(url: string): string | undefined {
  if (!url.trim()) return undefined;
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return undefined;
  } catch {
    // Not a URL at all: the same answer.
  }
  return 'Enter a full address starting with https://';
}

export function formErrors(form: WidgetForm): WidgetFormErrors {
  const errors: WidgetFormErrors = {};
  if (!form.name.trim()) errors.name = 'Give the widget a name, e.g. “Shop help”';
  else if (form.name.trim().length > LIMITS.name) errors.name = `Use at most ${LIMITS.name} characters`;
  if (form.allowedDomains.length === 0) errors.allowedDomains = 'Add at least one domain the widget may appear on, e.g. shop.example.com';
  else if (form.allowedDomains.length > LIMITS.domains) errors.allowedDomains = `At most ${LIMITS.domains} domains`;
  else {
    const invalid = form.allowedDomains.map(checkDomain).find((error) => error !== undefined);
    if (invalid) errors.allowedDomains = invalid;
  }
  if (!COLOR_PATTERN.test(form.color)) errors.color = 'Use a colour like #4f46e5';
  const privacy = checkPrivacyUrl(form.privacyUrl);
  if (privacy) errors.privacyUrl = privacy;
  for (const field of ['title', 'subtitle', 'greeting', 'placeholder'] as const) {
    if (form[field].length > LIMITS[field]) errors[field] = `Use at most ${LIMITS[field]} characters`;
  }
  if (!form.title.trim()) errors.title = 'Give the chat window a title';
  return errors;
}

export function toFields(form: WidgetForm): WidgetFields {
  return {
    name: form.name.trim(),
    active: form.active,
    taskPromptTopic: form.taskPromptTopic || null,
    allowedDomains: form.allowedDomains,
    config: {
      title: form.title.trim(),
      subtitle: form.subtitle.trim(),
      greeting: form.greeting.trim(),
      placeholder: form.placeholder.trim(),
      color: form.color.toLowerCase(),
      position: form.position,
      humanHandoff: form.humanHandoff,
      privacyUrl: form.privacyUrl.trim() || null,
    },
  };
}

/** Words of a VALIDATION_FAILED message that name a field, most specific first. */
const FIELD_WORDS: ReadonlyArray<[RegExp, WidgetFormField]> = [
  [/\ballowedDomains\b|\bdomains?\b|\bhost\b/i, 'allowedDomains'],
  [/\btaskPromptTopic\b|\btopic\b|\bprompt\b/i, 'taskPromptTopic'],
  [/\bprivacyUrl\b|\bprivacy\b/i, 'privacyUrl'],
  [/\bcolou?r\b/i, 'color'],
  [/\bsubtitle\b/i, 'subtitle'],
  [/\btitle\b/i, 'title'],
  [/\bgreeting\b/i, 'greeting'],
  [/\bplaceholder\b/i, 'placeholder'],
  [/\bposition\b|\bcorner\b/i, 'position'],
  [/\bhumanHandoff\b/i, 'humanHandoff'],
  [/\bname\b/i, 'name'],
];

/**
 * The server's VALIDATION_FAILED message (parts joined by "; ", each naming its field) split onto
 * the fields it names; parts naming none are returned under `rest`.
 */
export function serverFieldErrors(message: string): { fields: WidgetFormErrors; rest: string[] } {
  const fields: WidgetFormErrors = {};
  const rest: string[] = [];
  for (const part of message.split(/;\s*/).filter(Boolean)) {
    const field = FIELD_WORDS.find(([pattern]) => pattern.test(part))?.[1];
    if (!field) rest.push(part);
    else fields[field] = fields[field] ? `${fields[field]}; ${part}` : part;
  }
  return { fields, rest };
}

/** The tag a site owner pastes into their pages. */
export function embedSnippet(origin: string, widgetId: string): string {
  return `<script src="${origin}/widget.js" data-widget-id="${widgetId}" async></script>`;
}
