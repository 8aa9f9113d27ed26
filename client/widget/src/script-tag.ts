/** What the loader needs of a `<script>` element: a structural type, so the logic runs without a DOM in tests. */
export interface ScriptLike {
  src: string;
  getAttribute(name: string): string | null;
}

export interface Installation {
  script: ScriptLike;
  widgetId: string;
  /** Where the API and widget-chat.js live: the origin of the script's own src. */
  origin: string;
  /** The URL widget-chat.js is loaded from, beside widget.js. */
  chatUrl: string;
}

const WIDGET_FILE = /\/widget\.js$/;

function pathOf(src: string, base: string): string | null {
  try {
    return new URL(src, base).pathname;
  } catch {
    return null;
  }
}

/**
 * The installation tag: `document.currentScript` when it carries `data-widget-id` (it is set while
 * a classic script runs, async ones included), else the first script whose src ends with
 * /widget.js and has a widget id. Null when there is none (the loader then does nothing).
 */
export function findInstallation(current: ScriptLike | null, scripts: Iterable<ScriptLike>, base: string, version: string): Installation | null {
  const candidates = current ? [current, ...scripts] : [...scripts];
  for (const script of candidates) {
    const widgetId = script.getAttribute('data-widget-id')?.trim();
    if (!widgetId || !script.src) continue;
    const path = pathOf(script.src, base);
    if (path === null || (script !== current && !WIDGET_FILE.test(path))) continue;
    const url = new URL(script.src, base);
    const chat = new URL(url.pathname.replace(/[^/]*$/, 'widget-chat.js'), url.origin);
    if (version) chat.searchParams.set('v', version);
    return { script, widgetId, origin: url.origin, chatUrl: chat.href };
  }
  return null;
}
