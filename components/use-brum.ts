import { useContext } from 'react';
import type { Brum } from '../src/runtime/brum';
import { BrumContext } from './brum-context';

/** The Brum of the surrounding BrumContext provider; rendering without one is a programming error. */
export function useBrum(): Brum {
  const brum = useContext(BrumContext);
  if (brum === null) throw new Error('useBrum() needs a <BrumContext.Provider value={brum}> above it');
  return brum;
}
