/**
 * The package's version for `zkdisclose --version`, read from its package.json: the nearest one
 * named "zkdisclose" above this file (dist/ when installed, src/cli/ in a checkout).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
    if (pkg.name === 'zkdisclose' && typeof pkg.version === 'string') return pkg.version;
  }
  return 'unknown';
}
