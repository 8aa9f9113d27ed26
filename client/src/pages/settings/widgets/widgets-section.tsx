import { useWidgets } from '../../../hooks/use-widgets';
import { itemsEmptyPane, TwoPaneSection } from '../two-pane-section';
import { WidgetEditor } from './widget-editor';
import { WidgetList } from './widget-list';

/**
 * Settings → Widgets: the user's embeddable chat widgets beside the editor of the chosen one.
 * `?widget=<id>` opens one (Live support links here).
 */
export function WidgetsSection() {
  const widgets = useWidgets();

  return (
    <TwoPaneSection
      headingId="widgets-heading"
      title="Widgets"
      intro="A chat launcher for your own website: visitors talk to the AI, and you can step in from Live support."
      items={widgets}
      param="widget"
      noun="widget"
      list={(selectedId, onSelect) => <WidgetList widgets={widgets.data} selectedId={selectedId} onSelect={onSelect} />}
      editor={(widget, handlers) => <WidgetEditor widget={widget} {...handlers} />}
      empty={itemsEmptyPane(widgets.data, {
        noun: 'widget',
        verb: 'create',
        first: 'Name it, list the domains of your site, then paste one script tag into your pages.',
        choose: 'Pick one from the list to edit it and get its snippet, or create a new one.',
      })}
    />
  );
}
