/** Loads @mattrglobal/bbs-signatures (see mattr-loader.js); callers type the module themselves. */
export function loadMattrBbs(): Promise<unknown>;
