// Loads the bbs+2020 library (@mattrglobal/bbs-signatures) for provideBbs2020Library, resolved by
// vite.config.ts's aliases to its browser build. Plain JavaScript with a declaration beside it:
// the library ships TypeScript sources as its types, which fail under `verbatimModuleSyntax`.
export const loadBbs2020Library = () => import('@mattrglobal/bbs-signatures');
