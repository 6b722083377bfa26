import { defer, from, switchMap, type Observable } from 'rxjs';

/** The methods of `T` that return Observables: the only ones a lazy service can offer. */
type ObservableMethods<T> = { [K in keyof T]: T[K] extends (...args: never[]) => Observable<unknown> ? T[K] : never };

/**
 * A stand-in for a service whose code is loaded on first use (`import()`): each method returns
 * at once an Observable that loads the service when subscribed, then calls the real method.
 * Bundlers put the service in a chunk of its own, so apps that never use it do not download it.
 * Only methods that return Observables can be reached this way (every reader of the client does).
 */
export function lazyService<T extends object>(load: () => Promise<T>): T {
  const methods = new Map<PropertyKey, (...args: unknown[]) => Observable<unknown>>();
  return new Proxy({} as T, {
    get(_target, key) {
      // Not a thenable, not a collection: only named methods.
      if (typeof key !== 'string' || key === 'then') return undefined;
      let method = methods.get(key);
      if (!method) {
        method = (...args: unknown[]) =>
          defer(() => from(load())).pipe(
            switchMap((service) => {
              const real = (service as ObservableMethods<T> & Record<string, unknown>)[key];
              if (typeof real !== 'function') throw new TypeError(`${key} is not a method`);
              return (real as (...a: unknown[]) => Observable<unknown>).apply(service, args);
            }),
          );
        methods.set(key, method);
      }
      return method;
    },
  });
}

/** Runs `load` once, on first call; later calls get the same promise. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}
