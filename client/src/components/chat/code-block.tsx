import { IconCopyButton } from '../icon-copy-button';

/** A fenced code block: its language on the left, Copy on the right, the header sticky on long blocks. */
export function CodeBlock({ language, code }: { language: string | null; code: string }) {
  return (
    <div className="code-block">
      <div className="code-block-header">
        <span className="code-block-language">{language ?? 'code'}</span>
        <IconCopyButton text={code} label={language ? `Copy ${language} code` : 'Copy code'} showText />
      </div>
      <pre>
        <code className={language ? `language-${language}` : undefined}>{code}</code>
      </pre>
    </div>
  );
}
