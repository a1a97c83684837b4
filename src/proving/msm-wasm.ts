/**
 * One window of a bucket MSM with batched affine additions, built into ffjavascript's BN254
 * wasm module (a `buildBn128` plugin, so the same code runs in its Node and browser workers).
 *
 * wasmcurves' own window sum (`g1m_multiexpAffine_chunk`) adds every point into a Jacobian
 * bucket with a mixed addition (7 multiplications and 4 squarings in the base field). Here
 * the points of the window are sorted by digit and each bucket is summed pairwise in affine
 * coordinates, one round at a time: all the additions of a round share one field inversion
 * (Montgomery's batch trick: 3 multiplications per addition), and each then costs 2
 * multiplications and a squaring. The buckets are joined by the usual running sum.
 *
 *   `${g}_msmWindowAffine(pBases, pScalars, scalarSize, n, startBit, c, pScratch, pr)`
 *     pr (Jacobian) = Σᵢ dᵢ·Pᵢ, dᵢ the c-bit digit of scalar i at startBit, Pᵢ affine bases
 *     (Montgomery form; the point at infinity is (0, 0), as in a zkey). pScratch holds
 *     `windowScratchBytes(...)` bytes; nothing else is written outside pr and the module's
 *     own temporaries.
 *
 * The exceptional cases of affine addition are handled: a point at infinity (a zero base, or
 * P + (−P) earlier), and equal points (a doubling, λ = 3x²/2y). A doubling never divides by
 * zero: a point with y = 0 has order 2, and neither BN254's curve over Fp (prime order) nor its
 * twist over Fp² (order r·(2p − r), odd) has one, so this holds for any base on the curves,
 * in the prime-order subgroups or not.
 */
import type { CodeBuilder, ModuleBuilder } from 'wasmbuilder';

/** The two groups: wasmcurves' prefixes and the size of a base-field element. */
const GROUPS = [
  { group: 'g1m', field: 'f1m', n8: 32 },
  { group: 'g2m', field: 'f2m', n8: 64 },
] as const;

export const WINDOW_MSM = { G1: 'g1m_msmWindowAffine', G2: 'g2m_msmWindowAffine' } as const;

/** Bytes of scratch one window of n points with c-bit digits needs (`fieldBytes`: 32 for G1, 64 for G2). */
export function windowScratchBytes(fieldBytes: number, n: number, c: number): number {
  const pairs = Math.ceil(n / 2);
  return 2 * 4 * 2 ** c + n * 2 * fieldBytes + 2 * pairs * fieldBytes;
}

/** Adds the window functions of both groups to ffjavascript's BN254 module. */
export function addWindowMsm(module: ModuleBuilder): void {
  for (const names of GROUPS) {
    buildPairDenominator(module, names);
    buildPairSum(module, names);
    buildWindow(module, names);
    module.exportFunction(`${names.group}_msmWindowAffine`);
  }
}

type Names = (typeof GROUPS)[number];

/** The coordinates of the affine points at the params p1 and p2 (x then y, n8 bytes each). */
function pairCoordinates(c: CodeBuilder, n8: number): { x1: number[]; y1: number[]; x2: number[]; y2: number[] } {
  return {
    x1: c.getLocal('p1'),
    y1: c.i32_add(c.getLocal('p1'), c.i32_const(n8)),
    x2: c.getLocal('p2'),
    y2: c.i32_add(c.getLocal('p2'), c.i32_const(n8)),
  };
}

/**
 * `${g}__pairDen(p1, p2, pDen)`: the denominator of the affine sum p1 + p2 (x₂ − x₁, or 2y for
 * a doubling), or 1 when the sum needs no inversion (a point at infinity, or p1 = −p2).
 */
function buildPairDenominator(module: ModuleBuilder, { group, field, n8 }: Names): void {
  const f = module.addFunction(`${group}__pairDen`);
  for (const p of ['p1', 'p2', 'pDen']) f.addParam(p, 'i32');
  const c = f.getCodeBuilder();
  const { x1, y1, x2, y2 } = pairCoordinates(c, n8);
  const den = c.getLocal('pDen');
  f.addCode(
    c.if(
      c.i32_or(c.call(`${group}_isZeroAffine`, x1), c.call(`${group}_isZeroAffine`, x2)),
      [...c.call(`${field}_one`, den), ...c.ret([])],
    ),
    c.if(
      c.call(`${field}_eq`, x1, x2),
      [
        ...c.if(
          c.call(`${field}_eq`, y1, y2),
          c.call(`${field}_add`, y1, y1, den),
          c.call(`${field}_one`, den),
        ),
        ...c.ret([]),
      ],
    ),
    c.call(`${field}_sub`, x2, x1, den),
  );
}

/**
 * `${g}__pairSum(p1, p2, pInv, pr)`: pr = p1 + p2 in affine form, given the inverse of the
 * pair's denominator. pr may be p1.
 */
function buildPairSum(module: ModuleBuilder, { group, field, n8 }: Names): void {
  const f = module.addFunction(`${group}__pairSum`);
  for (const p of ['p1', 'p2', 'pInv', 'pr']) f.addParam(p, 'i32');
  const c = f.getCodeBuilder();
  const { x1, y1, x2, y2 } = pairCoordinates(c, n8);
  const lambda = c.i32_const(module.alloc(n8));
  const t = c.i32_const(module.alloc(n8));
  const x3 = c.i32_const(module.alloc(n8));
  f.addCode(
    c.if(c.call(`${group}_isZeroAffine`, x1), [...c.call(`${group}_copyAffine`, x2, c.getLocal('pr')), ...c.ret([])]),
    c.if(c.call(`${group}_isZeroAffine`, x2), [...c.call(`${group}_copyAffine`, x1, c.getLocal('pr')), ...c.ret([])]),
    c.if(
      c.call(`${field}_eq`, x1, x2),
      c.if(
        c.call(`${field}_eq`, y1, y2),
        [ // λ = 3x₁² / 2y₁
          ...c.call(`${field}_square`, x1, t),
          ...c.call(`${field}_add`, t, t, lambda),
          ...c.call(`${field}_add`, lambda, t, t),
          ...c.call(`${field}_mul`, t, c.getLocal('pInv'), lambda),
        ],
        [...c.call(`${group}_zeroAffine`, c.getLocal('pr')), ...c.ret([])],
      ),
      [ // λ = (y₂ − y₁) / (x₂ − x₁)
        ...c.call(`${field}_sub`, y2, y1, t),
        ...c.call(`${field}_mul`, t, c.getLocal('pInv'), lambda),
      ],
    ),
    // x₃ = λ² − x₁ − x₂, y₃ = λ(x₁ − x₃) − y₁, both read before pr is written
    c.call(`${field}_square`, lambda, x3),
    c.call(`${field}_sub`, x3, x1, x3),
    c.call(`${field}_sub`, x3, x2, x3),
    c.call(`${field}_sub`, x1, x3, t),
    c.call(`${field}_mul`, lambda, t, t),
    c.call(`${field}_sub`, t, y1, c.i32_add(c.getLocal('pr'), c.i32_const(n8))),
    c.call(`${field}_copy`, x3, c.getLocal('pr')),
  );
}

/** `for (i = from; i < to; i++) body` over i32 locals. */
function forRange(c: CodeBuilder, i: string, from: number[], to: number[], ...body: number[][]): number[] {
  return [
    ...c.setLocal(i, from),
    ...c.block(c.loop(
      c.br_if(1, c.i32_ge_u(c.getLocal(i), to)),
      ...body,
      c.setLocal(i, c.i32_add(c.getLocal(i), c.i32_const(1))),
      c.br(0),
    )),
  ];
}

/** `${g}_msmWindowAffine`: see the module comment. */
function buildWindow(module: ModuleBuilder, { group, field, n8 }: Names): void {
  const pointBytes = 2 * n8;
  const f = module.addFunction(`${group}_msmWindowAffine`);
  for (const p of ['pBases', 'pScalars', 'scalarSize', 'n', 'startBit', 'c', 'pScratch', 'pr']) f.addParam(p, 'i32');
  for (const l of ['buckets', 'pCount', 'pStart', 'pWork', 'pDen', 'pProd', 'i', 'j', 'b', 'k', 'd', 'pairs', 'pBucket', 'pPoint']) f.addLocal(l, 'i32');
  const c = f.getCodeBuilder();
  const get = (name: string): number[] => c.getLocal(name);
  const set = (name: string, value: number[]): number[] => c.setLocal(name, value);
  const add = (a: number[], b: number[]): number[] => c.i32_add(a, b);
  const mul = (a: number[], b: number[]): number[] => c.i32_mul(a, b);
  const k32 = (x: number): number[] => c.i32_const(x);
  const word = (base: string, index: number[]): number[] => add(get(base), c.i32_shl(index, k32(2)));
  const fieldAt = (base: string, index: number[]): number[] => add(get(base), mul(index, k32(n8)));
  const pointAt = (index: number[]): number[] => add(get('pWork'), mul(index, k32(pointBytes)));
  const running = c.i32_const(module.alloc(3 * n8));
  const total = c.i32_const(module.alloc(3 * n8));
  const inverse = c.i32_const(module.alloc(n8));
  const t = c.i32_const(module.alloc(n8));
  /** The point's digit in this window, or 0 for a point at infinity. */
  const digitOf = (i: number[]): number[] => [
    ...set('d', c.call(`${group}_multiexpAffine_getChunk`, add(get('pScalars'), mul(i, get('scalarSize'))), get('scalarSize'), get('startBit'), get('c'))),
    ...c.if(c.call(`${group}_isZeroAffine`, add(get('pBases'), mul(i, k32(pointBytes)))), set('d', k32(0))),
  ];
  /** For every bucket b with k points (pBucket its first), the pairs j: the body sees p1 = pPoint. */
  const eachPair = (perPair: number[][], afterBucket: number[][]): number[] => [
    ...set('pairs', k32(0)),
    ...forRange(c, 'b', k32(1), get('buckets'),
      set('k', c.i32_load(word('pCount', get('b')))),
      set('pBucket', pointAt(c.i32_load(word('pStart', get('b'))))),
      forRange(c, 'j', k32(0), c.i32_shr_u(get('k'), k32(1)),
        set('pPoint', add(get('pBucket'), mul(get('j'), k32(2 * pointBytes)))),
        ...perPair,
        set('pairs', add(get('pairs'), k32(1)))),
      ...afterBucket),
  ];
  f.addCode(
    // Layout of the scratch: counts and starts (one i32 per bucket), the sorted points, then
    // one denominator and one running product per pair.
    set('buckets', c.i32_shl(k32(1), get('c'))),
    set('pCount', get('pScratch')),
    set('pStart', word('pCount', get('buckets'))),
    set('pWork', word('pStart', get('buckets'))),
    set('pDen', pointAt(get('n'))),
    set('pProd', fieldAt('pDen', c.i32_shr_u(add(get('n'), k32(1)), k32(1)))),

    // Count the points per digit, lay the buckets out, and copy each point to its bucket.
    forRange(c, 'b', k32(0), get('buckets'), c.i32_store(word('pCount', get('b')), 0, 0, k32(0))),
    forRange(c, 'i', k32(0), get('n'),
      digitOf(get('i')),
      c.if(get('d'), c.i32_store(word('pCount', get('d')), 0, 0, add(c.i32_load(word('pCount', get('d'))), k32(1))))),
    set('k', k32(0)),
    forRange(c, 'b', k32(0), get('buckets'),
      c.i32_store(word('pStart', get('b')), 0, 0, get('k')),
      set('k', add(get('k'), c.i32_load(word('pCount', get('b'))))),
      c.i32_store(word('pCount', get('b')), 0, 0, k32(0))),
    forRange(c, 'i', k32(0), get('n'),
      digitOf(get('i')),
      c.if(get('d'), [
        ...set('k', c.i32_load(word('pCount', get('d')))),
        ...c.call(`${group}_copyAffine`, add(get('pBases'), mul(get('i'), k32(pointBytes))), pointAt(add(c.i32_load(word('pStart', get('d'))), get('k')))),
        ...c.i32_store(word('pCount', get('d')), 0, 0, add(get('k'), k32(1))),
      ])),

    // Rounds of pairwise sums, until every bucket holds at most one point.
    c.block(c.loop(
      eachPair([c.call(`${group}__pairDen`, get('pPoint'), add(get('pPoint'), k32(pointBytes)), fieldAt('pDen', get('pairs')))], []),
      c.br_if(1, c.i32_eqz(get('pairs'))),
      // Batch inversion: prod[i] = den[0]···den[i]; then den[i] ← 1/den[i], last to first.
      c.call(`${field}_copy`, get('pDen'), get('pProd')),
      forRange(c, 'i', k32(1), get('pairs'),
        c.call(`${field}_mul`, fieldAt('pProd', c.i32_sub(get('i'), k32(1))), fieldAt('pDen', get('i')), fieldAt('pProd', get('i')))),
      c.call(`${field}_inverse`, fieldAt('pProd', c.i32_sub(get('pairs'), k32(1))), inverse),
      set('i', c.i32_sub(get('pairs'), k32(1))),
      c.block(c.loop(
        c.br_if(1, c.i32_eqz(get('i'))),
        c.call(`${field}_mul`, inverse, fieldAt('pProd', c.i32_sub(get('i'), k32(1))), t),
        c.call(`${field}_mul`, inverse, fieldAt('pDen', get('i')), inverse),
        c.call(`${field}_copy`, t, fieldAt('pDen', get('i'))),
        set('i', c.i32_sub(get('i'), k32(1))),
        c.br(0),
      )),
      c.call(`${field}_copy`, inverse, get('pDen')),
      // The sums, pair j to slot j; an odd point out moves up behind them.
      eachPair(
        [c.call(`${group}__pairSum`, get('pPoint'), add(get('pPoint'), k32(pointBytes)), fieldAt('pDen', get('pairs')), add(get('pBucket'), mul(get('j'), k32(pointBytes))))],
        [
          c.if(c.i32_and(get('k'), k32(1)), c.call(`${group}_copyAffine`,
            add(get('pBucket'), mul(c.i32_sub(get('k'), k32(1)), k32(pointBytes))),
            add(get('pBucket'), mul(c.i32_shr_u(get('k'), k32(1)), k32(pointBytes))))),
          c.i32_store(word('pCount', get('b')), 0, 0, c.i32_shr_u(add(get('k'), k32(1)), k32(1))),
        ],
      ),
      c.br(0),
    )),

    // Σ b·bucket[b] as the running sum of the buckets from the top down.
    c.call(`${group}_zero`, running),
    c.call(`${group}_zero`, total),
    set('b', c.i32_sub(get('buckets'), k32(1))),
    c.block(c.loop(
      c.br_if(1, c.i32_eqz(get('b'))),
      c.if(c.i32_load(word('pCount', get('b'))),
        c.call(`${group}_addMixed`, running, pointAt(c.i32_load(word('pStart', get('b')))), running)),
      c.call(`${group}_add`, total, running, total),
      set('b', c.i32_sub(get('b'), k32(1))),
      c.br(0),
    )),
    c.call(`${group}_copy`, total, get('pr')),
  );
}
