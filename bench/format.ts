/**
 * Number and table formatting shared by the benchmark report (bench/RESULTS.md), the README's
 * Speed section and each suite's own tables.
 */
export type Cell = string | number | boolean | null | undefined;

/** A fixed number of decimals with thousands separators; "–" for anything that is not a finite number. */
export const num = (x: Cell, digits = 1): string => {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
};
export const int = (x: Cell): string => (typeof x === 'number' && Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: 0 }) : '–');
/** benchmark.js's relative margin of error, "±3.2 %". */
export const pm = (x: Cell): string => (typeof x === 'number' && Number.isFinite(x) ? `±${x.toFixed(1)} %` : '–');
/** Milliseconds with 2, 1 or 0 decimals by magnitude. */
export const ms = (x: Cell): string => {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  return num(x, x < 10 ? 2 : x < 100 ? 1 : 0);
};
/** "1.23×", or "–". */
export const ratio = (x: Cell): string => (typeof x === 'number' && Number.isFinite(x) ? `${x.toFixed(2)}×` : '–');

/** A markdown table; the first column is left-aligned and the others right-aligned unless `align` says. */
export function table(header: string[], body: string[][], align: ('l' | 'r')[] = []): string {
  const sep = header.map((_, i) => ((align[i] ?? (i === 0 ? 'l' : 'r')) === 'r' ? '---:' : '---'));
  return [header, sep, ...body].map((r) => `| ${r.join(' | ')} |`).join('\n');
}
