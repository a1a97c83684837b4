/**
 * What the CLI's long-running commands (`serve`, `registry serve`) share: bounded integer flags
 * and waiting for the signal to stop.
 */
import { InputError } from '../errors.js';

/** A flag holding an integer in min..max (canonical decimal digits only). @throws {InputError} naming the flag */
export function parseCount(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^[0-9]{1,10}$/.test(value) || n < min || n > max) throw new InputError(flag, `expected an integer in ${min}..${max}, got "${value.slice(0, 20)}"`);
  return n;
}

/** Resolves at the first SIGINT or SIGTERM. */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
