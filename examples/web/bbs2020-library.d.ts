/** Loads @mattrglobal/bbs-signatures (see bbs2020-library.js). */
export const loadBbs2020Library: () => Promise<unknown>;
