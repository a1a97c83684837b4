/**
 * The holder commitment as its own type (issue 13 item 7). A holder secret and its commitment
 * Poseidon(secret) are both field elements, so as bare bigints or decimals one passes for the
 * other: a client could send its secret where the issuer expects the commitment and never
 * notice. A HolderCommitment is a class (nominal in TypeScript: a bigint does not type-check as
 * one) and serialises as `holder-commitment:<decimal>`, a text no secret ever has. The issuer
 * accepts only these two forms and refuses a bare field element.
 * SECURITY: the only way to make one from a secret is fromSecret, which hashes it.
 */
import { holderCommitment } from './commitment.js';
import { InputError, describe } from './errors.js';
import { assertField, isRecord } from './internal/field.js';

/** Prefix of a holder commitment's text form. */
export const HOLDER_COMMITMENT_PREFIX = 'holder-commitment:';

/** The text form of a holder commitment. */
export type HolderCommitmentText = `holder-commitment:${string}`;

/** Poseidon(holderSecret): what an issuer binds a credential to. Immutable. */
export class HolderCommitment {
  /** The commitment's field element. */
  readonly value: bigint;

  private constructor(value: bigint) {
    this.value = value;
    Object.freeze(this);
  }

  /** The commitment of a holder secret. */
  static fromSecret(secret: bigint): HolderCommitment {
    return new HolderCommitment(holderCommitment(assertField(secret, 'holderSecret')));
  }

  /**
   * Reads a HolderCommitment or its text form `holder-commitment:<decimal>`.
   * @throws {InputError} naming `field` on anything else; a bare field element (bigint or
   *   decimal), which could be the holder secret, with a message that says so
   * @example HolderCommitment.from(wallet.holderCommitment.toString(), 'holder')
   */
  static from(value: unknown, field: string): HolderCommitment {
    if (value instanceof HolderCommitment) return value;
    if (typeof value === 'string' && value.startsWith(HOLDER_COMMITMENT_PREFIX)) {
      return new HolderCommitment(assertField(value.slice(HOLDER_COMMITMENT_PREFIX.length), field));
    }
    if (typeof value === 'bigint' || (typeof value === 'string' && /^[0-9]+$/.test(value))) {
      throw new InputError(field, 'is a bare field element, which could be the holder secret: pass the holder commitment (wallet.holderCommitment or holderKeys.commitment, text "holder-commitment:<decimal>"); never send the secret to an issuer');
    }
    if (isRecord(value) && Object.hasOwn(value, 'secret')) {
      throw new InputError(field, 'is an object holding the holder secret: pass only its .commitment; never send the secret to an issuer');
    }
    throw new InputError(field, `expected a HolderCommitment or "holder-commitment:<decimal>", got ${describe(value)}`);
  }

  /** `holder-commitment:<decimal>`. */
  toString(): HolderCommitmentText {
    return `${HOLDER_COMMITMENT_PREFIX}${this.value.toString()}`;
  }

  /** JSON carries the text form. */
  toJSON(): HolderCommitmentText {
    return this.toString();
  }
}
