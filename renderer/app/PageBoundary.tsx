import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';

interface Props {
  title: string;
  retryLabel: string;
  /** Shown instead when the page's code could not be fetched, e.g. after a rebuild. */
  staleTitle: string;
  reloadLabel: string;
  /** The current address: moving elsewhere clears a caught error. */
  resetKey: string;
  /** Reloads the whole console; replaced in tests. */
  onReload?: () => void;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

// Chromium, Firefox and Safari word a failed `import()` of a page chunk differently.
const CHUNK_LOAD_FAILURE =
  /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed/i;

/** Whether an error means the page's chunk is gone, which retrying the same import cannot fix. */
export function isChunkLoadError(error: Error): boolean {
  return CHUNK_LOAD_FAILURE.test(error.message);
}

/** Keeps one broken page from taking the whole console down; the message is shown as text. */
export class PageBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidUpdate(previous: Props) {
    if (this.state.error && previous.resetKey !== this.props.resetKey) {
      this.setState({ error: null });
    }
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;

    // React caches a rejected lazy import: only loading the console afresh fetches new chunks.
    if (isChunkLoadError(error)) {
      const reload = this.props.onReload ?? (() => window.location.reload());
      return (
        <Result
          status="warning"
          title={this.props.staleTitle}
          subTitle={error.message}
          extra={
            <Button type="primary" onClick={reload}>
              {this.props.reloadLabel}
            </Button>
          }
        />
      );
    }

    return (
      <Result
        status="error"
        title={this.props.title}
        subTitle={error.message}
        extra={
          <Button type="primary" onClick={() => this.setState({ error: null })}>
            {this.props.retryLabel}
          </Button>
        }
      />
    );
  }
}
