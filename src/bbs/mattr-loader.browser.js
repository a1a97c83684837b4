// The browser build's stand-in for mattr-loader.js (swapped in by tsup.config.ts for
// dist/browser.js). It imports nothing, so a page that never uses bbs+2020 neither bundles
// @mattrglobal/bbs-signatures (a 560 kB chunk with its wasm) nor sees its bundler warnings; a
// page that uses bbs+2020 hands the library over with provideBbs2020Library() (bbs2020.ts).
export const bundledMattrLoader = undefined;
