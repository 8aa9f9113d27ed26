import { InfoIcon } from '../../../components/icons';
import { useMe } from '../../../hooks/use-me';
import { usePrompts } from '../../../hooks/use-prompts';
import { TwoPaneSection } from '../two-pane-section';
import { PromptEditor } from './prompt-editor';
import { PromptList } from './prompt-list';

/** Settings → Task prompts: the list (search, filters) beside the editor of the chosen one. */
export function PromptsSection() {
  const me = useMe();
  const prompts = usePrompts();
  const isAdmin = me.data?.role === 'admin';

  return (
    <TwoPaneSection
      headingId="prompts-heading"
      title="Task prompts"
      intro="Each topic has a prompt that shapes its answers, and selection rules that route messages to it."
      items={prompts}
      noun="task prompt"
      list={(selectedId, onSelect) => <PromptList prompts={prompts.data} selectedId={selectedId} onSelect={onSelect} />}
      editor={(prompt, handlers) => <PromptEditor prompt={prompt} isAdmin={isAdmin} {...handlers} />}
      empty={() => ({
        title: 'Choose a task prompt',
        text: 'Pick one from the list to read or edit it, or create a new one.',
        newLabel: 'New task prompt',
      })}
    >
      <div className="notice notice-info" role="note">
        <InfoIcon size={18} aria-hidden="true" />
        <p>
          {isAdmin ? (
            <>
              <strong>You are an admin:</strong> saving a system prompt changes it for everyone. Other users' edits to a system prompt only make a
              personal copy for them.
            </>
          ) : (
            <>
              Saving changes to a <strong>system</strong> prompt makes your own personal copy; everyone else keeps the workspace version. Prompts you
              create are yours alone.
            </>
          )}
        </p>
      </div>
    </TwoPaneSection>
  );
}
