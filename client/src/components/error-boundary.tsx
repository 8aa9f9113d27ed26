import { Component, type ReactNode } from 'react';

interface State {
  failed: boolean;
}

/** Last resort for a render crash; everything recoverable is shown in place instead. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="fatal">
        <h1>Something went wrong</h1>
        <p>Switchboard hit an unexpected problem. Reloading the page usually fixes it.</p>
        <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </main>
    );
  }
}
