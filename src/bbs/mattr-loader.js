// Loads @mattrglobal/bbs-signatures with a literal specifier, so bundlers (Vite, esbuild) see and
// bundle it. Plain JavaScript with a declaration beside it: the package ships TypeScript sources
// as its types, which do not compile under this project's settings (verbatimModuleSyntax).
export function loadMattrBbs() {
  return import('@mattrglobal/bbs-signatures');
}
