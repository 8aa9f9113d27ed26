import { SpinnerIcon } from './icons';

/** What shows while a page's code loads (the spinner fades in late, so a quick load shows nothing). */
export function PageLoading() {
  return (
    <div className="page-loading" role="status">
      <SpinnerIcon size={24} aria-hidden="true" />
      <span className="visually-hidden">Loading…</span>
    </div>
  );
}
