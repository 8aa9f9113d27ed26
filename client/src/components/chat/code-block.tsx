import { useHighlightedCode } from '../../hooks/use-highlighted-code';
import { IconCopyButton } from '../icon-copy-button';

/**
 * A fenced code block: its language on the left, Copy on the right, the header sticky on long
 * blocks. Coloured once `closed` (a block still streaming stays plain, so colours never flicker).
 */
export function CodeBlock({ language, code, closed }: { language: string | null; code: string; closed: boolean }) {
  const html = useHighlightedCode(code, language, closed);
  return (
    <div className="code-block">
      <div className="code-block-header">
        <span className="code-block-language">{language ?? 'code'}</span>
        <IconCopyButton text={code} label={language ? `Copy ${language} code` : 'Copy code'} showText />
      </div>
      <pre>
        {html === null ? (
          <code className={language ? `language-${language}` : undefined}>{code}</code>
        ) : (
          // highlight.js escapes the code; the markup it adds is only its own `hljs-*` spans.
          <code className={`language-${language} hljs`} dangerouslySetInnerHTML={{ __html: html }} />
        )}
      </pre>
    </div>
  );
}
