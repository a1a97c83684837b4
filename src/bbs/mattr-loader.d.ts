/**
 * How the bbs+2020 library is loaded when no page or application provided one: a dynamic import
 * of @mattrglobal/bbs-signatures in Node (mattr-loader.js), none in the browser build
 * (mattr-loader.browser.js). Callers type the module themselves.
 */
export const bundledMattrLoader: (() => Promise<unknown>) | undefined;
