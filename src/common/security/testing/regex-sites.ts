import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Where a pattern is written into the code, with the file relative to the repository root. */
export interface Site {
  file: string;
  line: number;
}

/** A pattern known before the program runs: a `/literal/` or `new RegExp('literal', 'flags')`. */
export interface LiteralPattern extends Site {
  source: string;
  flags: string;
}

/** A `RegExp` built at run time from a value the code computes: only tests of its builder can judge it. */
export interface BuiltPattern extends Site {
  code: string;
}

export interface RegexSites {
  literals: LiteralPattern[];
  built: BuiltPattern[];
}

/**
 * Every regular expression written in the TypeScript files (`.ts`, `.tsx`) under `directories`
 * (relative to `repositoryRoot`) that `include` accepts, found through the compiler's syntax tree:
 * text that only looks like a pattern (in a string or a comment) is not taken for one.
 */
export function findRegexSites(repositoryRoot: string, directories: readonly string[], include: (file: string) => boolean): RegexSites {
  const sites: RegexSites = { literals: [], built: [] };
  for (const directory of directories) {
    for (const path of ts.sys.readDirectory(join(repositoryRoot, directory), ['.ts', '.tsx'])) {
      const file = relative(repositoryRoot, path);
      if (include(file)) collect(file, readFileSync(path, 'utf8'), sites);
    }
  }
  return sites;
}

function collect(file: string, text: string, sites: RegexSites): void {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const siteOf = (node: ts.Node): Site => ({ file, line: sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1 });
  const visit = (node: ts.Node): void => {
    if (ts.isRegularExpressionLiteral(node)) {
      const closingSlash = node.text.lastIndexOf('/');
      sites.literals.push({ ...siteOf(node), source: node.text.slice(1, closingSlash), flags: node.text.slice(closingSlash + 1) });
    } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && isRegExpConstructor(node.expression)) {
      const [pattern, flags] = node.arguments ?? [];
      // `new RegExp(/literal/, …)`: the literal itself is visited below.
      if (pattern !== undefined && !ts.isRegularExpressionLiteral(pattern)) {
        if (ts.isStringLiteralLike(pattern) && (flags === undefined || ts.isStringLiteralLike(flags))) {
          sites.literals.push({ ...siteOf(node), source: pattern.text, flags: flags?.text ?? '' });
        } else {
          sites.built.push({ ...siteOf(node), code: node.getText(sourceFile) });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
}

/** `RegExp` or `globalThis.RegExp`. */
function isRegExpConstructor(expression: ts.Expression): boolean {
  return (ts.isIdentifier(expression) && expression.text === 'RegExp') || (ts.isPropertyAccessExpression(expression) && expression.name.text === 'RegExp');
}
