import { PlusIcon } from '../../components/icons';

/** The foot of a settings list: the button that starts a new item. */
export function PaneListFoot({ label, onNew }: { label: string; onNew: () => void }) {
  return (
    <div className="pane-list-foot">
      <button type="button" className="btn btn-block" onClick={onNew}>
        <PlusIcon size={16} />
        {label}
      </button>
    </div>
  );
}
