import { Component, type ErrorInfo, type ReactNode } from 'react';

/** Props of the error boundary around the App. */
export interface TuiErrorBoundaryProps {
  /** Receives the first error thrown while rendering or in an effect. */
  readonly onError: (error: Error) => void;
  readonly children?: ReactNode;
}

interface BoundaryState {
  readonly failed: boolean;
}

/**
 * Hands a render error to `runTui`, which restores the terminal and stops every process. Ink has a boundary
 * of its own, but it reports through `waitUntilExit`, which misses an error raised before anyone waits.
 */
export class TuiErrorBoundary extends Component<TuiErrorBoundaryProps, BoundaryState> {
  override state: BoundaryState = { failed: false };

  static getDerivedStateFromError(): BoundaryState {
    return { failed: true };
  }

  override componentDidCatch(error: Error, _info: ErrorInfo): void {
    this.props.onError(error);
  }

  override render(): ReactNode {
    return this.state.failed ? null : this.props.children;
  }
}
