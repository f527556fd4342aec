import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';

interface Props {
  title: string;
  retryLabel: string;
  /** The current address: moving elsewhere clears a caught error. */
  resetKey: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
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
