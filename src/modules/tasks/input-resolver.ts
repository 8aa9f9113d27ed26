import type { FileDto } from '../files/dto/file.dto';
import type { PlanTask } from '../planner/plan';
import type { NodeResult, ResolvedInputs } from './capabilities/capability';

const REFERENCE = /^\$(message|[A-Za-z][A-Za-z0-9_-]{0,63})\.(text|files?|file)$/;

export interface MessageInputs {
  text: string;
  files: FileDto[];
}

/**
 * Replaces a node's input references with values: `$message.text`, `$message.files`,
 * `$<node>.text`, `$<node>.file`; anything else is a literal. Validation already guaranteed that
 * referenced nodes exist and precede this one.
 */
export function resolveInputs(task: PlanTask, message: MessageInputs, results: ReadonlyMap<string, NodeResult>): ResolvedInputs {
  const values: Record<string, string> = {};
  const texts: string[] = [];
  const files: FileDto[] = [];
  let fromSteps = false;
  for (const [name, raw] of Object.entries(task.inputs)) {
    const reference = REFERENCE.exec(raw.trim());
    if (!reference) {
      values[name] = raw;
      continue;
    }
    const [, source, field] = reference;
    if (source === 'message') {
      if (field === 'text') {
        values[name] = message.text;
        texts.push(message.text);
      } else {
        files.push(...message.files);
      }
      continue;
    }
    fromSteps = true;
    const result = results.get(source);
    if (field === 'text' && result?.text !== undefined) {
      values[name] = result.text;
      texts.push(result.text);
    } else if (field !== 'text' && result?.file) {
      files.push(result.file);
    }
  }
  return { text: texts.join('\n\n'), values, files, fromSteps };
}
