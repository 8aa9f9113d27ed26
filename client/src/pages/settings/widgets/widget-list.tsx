import type { Widget } from '../../../api/widgets';
import { PaneItemList, StatusBadge } from '../pane-item-list';

interface WidgetListProps {
  widgets: Widget[] | undefined;
  selectedId: string | null;
  /** A widget id, or 'new' to create one. */
  onSelect: (id: string) => void;
}

export function WidgetList({ widgets, selectedId, onSelect }: WidgetListProps) {
  return (
    <PaneItemList
      items={widgets}
      selectedId={selectedId}
      onSelect={onSelect}
      plural="widgets"
      label="Your widgets"
      newLabel="New widget"
      top={(widget) => (
        <>
          <span className="widget-swatch" style={{ background: widget.config.color }} aria-hidden="true" />
          <span className="widget-item-name">{widget.name}</span>
          <StatusBadge active={widget.active} />
        </>
      )}
      description={(widget) => widget.allowedDomains.join(', ')}
    />
  );
}
