/**
 * Syntax colouring for code blocks in answers. Loaded on demand (see use-highlighted-code.ts), so
 * highlight.js stays out of the app's first chunk. Only the languages answers commonly contain are
 * registered; anything else, or a block without a language, stays plain rather than being guessed.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const languages = { bash, c, cpp, csharp, css, diff, dockerfile, go, java, javascript, json, kotlin, markdown, php, python, ruby, rust, sql, swift, typescript, xml, yaml };
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language);

/** Longer blocks stay plain: colouring is a nicety, not worth freezing the page over. */
export const MAX_HIGHLIGHTED_LENGTH = 50_000;

/**
 * The code as HTML with `hljs-*` spans (the code itself escaped by highlight.js), or null when the
 * language is unknown or the code too long. Aliases work (`js`, `ts`, `py`, `sh`, `html`, `yml`).
 */
export function highlightCode(code: string, language: string): string | null {
  const name = language.toLowerCase();
  if (code.length > MAX_HIGHLIGHTED_LENGTH || !hljs.getLanguage(name)) return null;
  return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
}
