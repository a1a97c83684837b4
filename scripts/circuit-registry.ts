/**
 * The circuit registry (circuits.json) and the paths derived from it, shared by the build
 * scripts, the benchmarks and the circuit tests. Node-only.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT: string = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CIRCUITS_DIR: string = join(ROOT, 'circuits');
export const BUILD_DIR: string = join(ROOT, 'build');
export const ARTIFACTS_DIR: string = join(ROOT, 'artifacts');

export interface CircuitEntry {
  file: string;
  template: string;
  params: number[];
  description: string;
  /** The main's public inputs in declaration order (default: the Presentation template's). */
  publicInputs?: string[];
}

export function loadRegistry(): Record<string, CircuitEntry> {
  return JSON.parse(readFileSync(join(ROOT, 'circuits.json'), 'utf8')) as Record<string, CircuitEntry>;
}

/** Public inputs of the Presentation template, in declaration order (= snarkjs order). */
export const PRESENTATION_PUBLIC_INPUTS: readonly string[] = [
  'root', 'today', 'nonce', 'scope', 'schemaId', 'discloseMask', 'linkable',
  'predOp', 'predAttr', 'predA', 'predB', 'predSetCommitment',
];

/** Source of a generated main: `component main` over one template with fixed parameters. */
export function mainSource(entry: CircuitEntry, publicInputs: readonly string[] = entry.publicInputs ?? PRESENTATION_PUBLIC_INPUTS): string {
  const pub = publicInputs.length > 0 ? ` {public [${publicInputs.join(', ')}]}` : '';
  return [
    'pragma circom 2.1.0;',
    `include "${entry.file}";`,
    `component main${pub} = ${entry.template}(${entry.params.join(', ')});`,
    '',
  ].join('\n');
}

/** A circom source without comments or blank lines: what the compiler actually reads. */
export function stripComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .join('\n');
}

/** The circuits/ files a template file includes, itself included, transitively (circomlib's are not followed). */
export function includedSources(file: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name) || !existsSync(join(CIRCUITS_DIR, name))) return;
    seen.add(name);
    for (const m of stripComments(readFileSync(join(CIRCUITS_DIR, name), 'utf8')).matchAll(/include\s+"([^"]+)"/g)) visit(m[1]!);
  };
  visit(file);
  return [...seen].sort();
}

/**
 * sha256 over the templates a circuit file compiles from (its include closure within circuits/,
 * sorted by name, each as "name\0code\0", code with comments stripped so documentation edits do
 * not invalidate artifacts) and the circomlib version: any change to what the circuit compiles
 * from changes the hash, and a template it does not include leaves it alone.
 * @param file the circuit's main template file (default presentation.circom)
 */
export function circuitSourceHash(file = 'presentation.circom'): string {
  const hash = createHash('sha256');
  for (const name of includedSources(file)) {
    hash.update(name).update('\0').update(stripComments(readFileSync(join(CIRCUITS_DIR, name), 'utf8'))).update('\0');
  }
  const circomlib = JSON.parse(readFileSync(join(ROOT, 'node_modules/circomlib/package.json'), 'utf8')) as { version: string };
  hash.update(`circomlib@${circomlib.version}`);
  return hash.digest('hex');
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
