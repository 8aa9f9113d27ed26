import type { CSSProperties } from 'react';
import type { WidgetForm } from './widget-form';

/** Roughly how the widget looks on a page, as the form stands (not interactive). */
export function WidgetPreview({ form }: { form: WidgetForm }) {
  const color = /^#[0-9a-f]{6}$/i.test(form.color) ? form.color : '#4f46e5';
  return (
    <figure className={`widget-preview is-${form.position}`} style={{ '--widget-color': color } as CSSProperties} aria-label="Preview of the widget">
      <div className="widget-preview-window" aria-hidden="true">
        <div className="widget-preview-head">
          <strong>{form.title || 'Chat with us'}</strong>
          {form.subtitle && <span>{form.subtitle}</span>}
        </div>
        <div className="widget-preview-body">
          {form.greeting && <p className="widget-preview-bubble">{form.greeting}</p>}
          {form.humanHandoff && <span className="widget-preview-handoff">Talk to a person</span>}
        </div>
        <p className="widget-preview-notice">
          You're chatting with an AI{form.privacyUrl ? ' · Privacy' : ''}
        </p>
        <div className="widget-preview-input">{form.placeholder || 'Write a message…'}</div>
      </div>
      <span className="widget-preview-launcher" aria-hidden="true" />
      <figcaption className="visually-hidden">Preview: the chat window opens above the launcher, at the bottom {form.position} of the page.</figcaption>
    </figure>
  );
}
