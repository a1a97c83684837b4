// Loads @mattrglobal/bbs-signatures (bbs+2020) with a literal specifier, so Node and bundlers
// targeting Node see it. Plain JavaScript with a declaration beside it: the package ships
// TypeScript sources as its types, which do not compile under this project's settings
// (verbatimModuleSyntax). The browser build (dist/browser.js) uses mattr-loader.browser.js
// instead (tsup.config.ts), which imports nothing.
export const bundledMattrLoader = () => import('@mattrglobal/bbs-signatures');
