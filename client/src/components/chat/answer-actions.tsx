import type { Model } from '../../api/models';
import { ChevronLeftIcon, ChevronRightIcon, RefreshIcon, SendIcon } from '../icons';
import { ModelPicker } from './model-picker';

/** Which version of an answer is shown, of how many (asked again, or its question edited). */
export interface AnswerVersions {
  index: number;
  count: number;
  onSelect: (index: number) => void;
}

export interface AnswerActionsProps {
  /** Answer the question again: with this model, or null for the one set up for chat. */
  onAgain?: (modelId: string | null) => void;
  /** The models "Again with model…" offers. */
  models?: Model[];
  /** Go on with an answer cut off at the token limit, or stopped. */
  onContinue?: () => void;
  versions?: AnswerVersions;
}

/** An answer's actions beside Copy: ‹ n/N › versions, Continue, Again and Again with model… */
export function AnswerActions({ onAgain, models, onContinue, versions }: AnswerActionsProps) {
  return (
    <>
      {versions && versions.count > 1 && (
        <span className="answer-versions" role="group" aria-label="Answer versions">
          <button
            type="button"
            className="btn-icon btn-icon-small"
            aria-label="Previous version"
            disabled={versions.index === 0}
            onClick={() => versions.onSelect(versions.index - 1)}
          >
            <ChevronLeftIcon size={14} />
          </button>
          <span aria-live="polite">
            {versions.index + 1}/{versions.count}
          </span>
          <button
            type="button"
            className="btn-icon btn-icon-small"
            aria-label="Next version"
            disabled={versions.index === versions.count - 1}
            onClick={() => versions.onSelect(versions.index + 1)}
          >
            <ChevronRightIcon size={14} />
          </button>
        </span>
      )}
      {onContinue && (
        <button type="button" className="btn-ghost" title="Let the model go on from where it stopped" onClick={onContinue}>
          <SendIcon size={14} />
          Continue
        </button>
      )}
      {onAgain && (
        <>
          <button type="button" className="btn-icon btn-icon-small" aria-label="Again" title="Answer again" onClick={() => onAgain(null)}>
            <RefreshIcon size={16} />
          </button>
          {models && <ModelPicker models={models} value={null} onChange={onAgain} actionLabel="Again with model…" />}
        </>
      )}
    </>
  );
}
