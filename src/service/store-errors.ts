/**
 * The one error a store rejects with when its database cannot be reached or fails: the
 * verifier service answers it with a 503 and accepts nothing meanwhile.
 */
import { ZkdError } from '../errors.js';

export class StoreUnavailableError extends ZkdError {
  constructor(message: string) {
    super('STORE_UNAVAILABLE', message);
  }
}
