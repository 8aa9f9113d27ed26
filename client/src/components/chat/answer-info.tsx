import { useId, useState } from 'react';
import { usageText } from '../../lib/answer-state';
import type { AnswerView } from '../../lib/answer-view';
import { InfoIcon } from '../icons';

const ROUTED_BY: Record<string, string> = {
  rule: 'a selection rule',
  sorter: 'the AI sorter',
  fixed: 'a fixed topic',
  fallback: 'the fallback',
};

/** The answer's footer line (topic · model) and, on request, the details behind it. */
export function AnswerInfo({ view }: { view: AnswerView }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const usage = usageText(view.usage);
  const parts = [view.topic && `Topic: ${view.topic}`, view.model && (view.provider === 'offline' ? 'Offline' : view.model)].filter(Boolean);

  return (
    <>
      {parts.length > 0 && <span className="answer-meta">{parts.join(' · ')}</span>}
      <button
        type="button"
        className="btn-icon btn-icon-small"
        aria-label="Answer details"
        title="Answer details"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        <InfoIcon size={16} />
      </button>
      {open && (
        <dl id={panelId} className="answer-details">
          <Row label="Topic" value={view.topic} />
          {view.routedBy && <Row label="Chosen by" value={ROUTED_BY[view.routedBy] ?? view.routedBy} />}
          <Row label="Language" value={view.language} />
          <Row label="Model" value={view.model} />
          <Row label="Provider" value={view.provider === 'offline' ? 'Offline (no AI model)' : view.provider} />
          <Row label="Usage" value={usage} />
        </dl>
      )}
    </>
  );
}

function Row({ label, value }: { label: string; value: string | null }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value ?? '—'}</dd>
    </div>
  );
}
