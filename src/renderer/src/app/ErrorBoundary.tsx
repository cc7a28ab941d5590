import { Component, type ReactNode } from 'react';

/** Last line of defence: a rendering bug shows a way out instead of a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="first-run" role="alert">
        <h1>The window hit an unexpected error</h1>
        <p className="muted">Your files were not changed by this. Reload the window to continue.</p>
        <pre className="error-excerpt">{this.state.error.message}</pre>
        <div>
          <button className="btn btn-primary" onClick={() => window.location.reload()}>
            Reload window
          </button>
        </div>
      </div>
    );
  }
}
