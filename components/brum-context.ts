import { createContext } from 'react';
import type { Brum } from '../src/runtime/brum';

/** The one Brum instance the UI reads from. Injected by `runTui` (or a test); there is no module singleton. */
export const BrumContext = createContext<Brum | null>(null);
