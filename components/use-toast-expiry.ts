import { useEffect } from 'react';
import type { Toast } from './ui-state/session';
import type { UiAction } from './ui-state/ui-reducer';

/** How long a status-bar note stays. */
export const TOAST_MS = 3000;

/** Clears a toast after {@link TOAST_MS}; a newer toast restarts the clock. */
export function useToastExpiry(toast: Toast | null, dispatch: (action: UiAction) => void): void {
  useEffect(() => {
    if (toast === null) return undefined;
    const timer = setTimeout(() => dispatch({ type: 'session/expire-toast', id: toast.id }), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast, dispatch]);
}
