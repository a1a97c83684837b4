/**
 * The peers benchmark's page (bench/peers/web/), built and served like the browser demo: the
 * demo's Vite config (the library's browser entry, the bbs+2020 browser build, the artifacts
 * served and sha256-checked in the page) with this folder as the root.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeConfig } from 'vite';
import demo from '../../../examples/web/vite.config.js';

export default mergeConfig(demo, {
  root: dirname(fileURLToPath(import.meta.url)),
  // Dock's crypto-wasm-ts embeds its wasm in base64 (about 7.5 MB of script): one large chunk, loaded once.
  build: { chunkSizeWarningLimit: 12 * 1024 },
});
