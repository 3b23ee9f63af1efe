import { useEffect, useState } from 'react';

type Engine = typeof import('@cc/connector-engine');

let loaded: Engine | null = null;
let loading: Promise<Engine> | null = null;

/**
 * The connector engine (with zod) is loaded on demand, so sign-in and the connector list stay small; the
 * wizard and the property pages import it directly and share the same chunk.
 */
export function loadEngine(): Promise<Engine> {
  loading ??= import('@cc/connector-engine').then((engine) => (loaded = engine));
  return loading;
}

/** The engine once it has loaded (null before); screens show their data without the extras meanwhile. */
export function useEngine(): Engine | null {
  const [engine, setEngine] = useState<Engine | null>(loaded);
  useEffect(() => {
    if (engine) return;
    let live = true;
    loadEngine().then(
      (e) => live && setEngine(e),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [engine]);
  return engine;
}
