import type { Widget } from '../../../api/widgets';
import { PaneListFoot } from '../pane-list-foot';

interface WidgetListProps {
  widgets: Widget[] | undefined;
  selectedId: string | null;
  /** A widget id, or 'new' to create one. */
  onSelect: (id: string) => void;
}

export function WidgetList({ widgets, selectedId, onSelect }: WidgetListProps) {
  return (
    <div className="pane pane-list">
      {!widgets ? (
        <div className="table-skeleton" role="status">
          <span className="visually-hidden">Loading widgets…</span>
          <span className="skeleton" />
          <span className="skeleton" />
        </div>
      ) : widgets.length === 0 ? (
        <div className="pane-empty">
          <p className="muted">No widgets yet.</p>
        </div>
      ) : (
        <ul className="prompt-list" aria-label="Your widgets">
          {widgets.map((widget) => (
            <li key={widget.id}>
              <button type="button" className="prompt-item" aria-current={widget.id === selectedId ? 'true' : undefined} onClick={() => onSelect(widget.id)}>
                <span className="prompt-item-top">
                  <span className="widget-swatch" style={{ background: widget.config.color }} aria-hidden="true" />
                  <span className="widget-item-name">{widget.name}</span>
                  {widget.active ? <span className="badge badge-custom">Active</span> : <span className="badge badge-muted">Off</span>}
                </span>
                <span className="prompt-item-description">{widget.allowedDomains.join(', ')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <PaneListFoot label="New widget" onNew={() => onSelect('new')} />
    </div>
  );
}
