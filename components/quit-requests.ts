/** How a quit was asked for from outside the keyboard: like `q`, or like a second Ctrl-C. */
export type QuitKind = 'graceful' | 'force';

/** A channel from `runTui` (signals) into the App, which owns the quitting flow. */
export interface QuitRequests {
  subscribe(listener: (kind: QuitKind) => void): () => void;
}

export interface QuitChannel extends QuitRequests {
  request(kind: QuitKind): void;
}

export function createQuitChannel(): QuitChannel {
  const listeners = new Set<(kind: QuitKind) => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    request(kind) {
      for (const listener of listeners) listener(kind);
    },
  };
}
