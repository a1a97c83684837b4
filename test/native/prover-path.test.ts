/**
 * The prover path option: `createProver({ path })` proves with the native addon or snarkjs;
 * `auto` picks the addon when it is built; both paths' proofs verify against the same shipped
 * verification key with the same public signals. Also the addon's build command: it reuses an
 * up-to-date build, and refuses (without downloading anything) when Node's headers are missing.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { afterAll, expect, it } from 'vitest';
import { createProver, InputError, loadVerificationKey, releaseCurve, resolveProverPath } from '../../src/index.js';
import { describeNative } from '../helpers/native.js';
import { inputOf, scenario } from '../helpers/presentation.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BUILD = join(ROOT, 'native', 'build.mjs');

it('an unknown path is an InputError', () => {
  expect(() => resolveProverPath('gpu' as never)).toThrow(InputError);
  expect(() => createProver({ path: 'fast' as never })).toThrow(/"path" must be one of auto, native, wasm/);
});

it('the build command refuses without Node headers and downloads none', () => {
  const result = spawnSync(process.execPath, [BUILD], { encoding: 'utf8', env: { ...process.env, npm_config_nodedir: '/nonexistent/node-headers' } });
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/headers are not in \/nonexistent\/node-headers\/include\/node.*Not downloading any/s);
});

describeNative('prover paths', () => {
  afterAll(releaseCurve);

  it('auto resolves to native when the addon is built', () => {
    expect(resolveProverPath()).toBe('native');
    expect(resolveProverPath('wasm')).toBe('wasm');
  });

  it('native and wasm paths prove the same statement; both proofs verify with snarkjs', async () => {
    const name = 'presentation-16-1-1-20';
    const input = inputOf(scenario(name));
    const { vkey, vkeyHash } = loadVerificationKey(name);
    const results = [];
    for (const path of ['native', 'wasm'] as const) {
      const result = await createProver({ path }).prove(name, input);
      expect(result.vkeyHash).toBe(vkeyHash);
      expect(await snarkjs.groth16.verify(vkey as never, result.publicSignals, result.proof as never)).toBe(true);
      results.push(result);
    }
    expect(results[0].publicSignals).toEqual(results[1].publicSignals);
    expect(Object.keys(results[0].proof)).toEqual(Object.keys(results[1].proof));
    expect(results[0].proof.pi_a).not.toEqual(results[1].proof.pi_a);
  });

  it('a false statement fails on the native path as on the wasm path (PROOF_FAILED)', async () => {
    const name = 'presentation-16-1-1-20';
    const input = inputOf(scenario(name), { root: 12345n });
    await expect(createProver({ path: 'native' }).prove(name, input)).rejects.toMatchObject({ code: 'PROOF_FAILED' });
  });

  it('the build command reuses a build of the same sources (builds first if the sources changed)', () => {
    expect(spawnSync(process.execPath, [BUILD, '--if-needed'], { encoding: 'utf8' }).status).toBe(0);
    const again = spawnSync(process.execPath, [BUILD, '--if-needed'], { encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/up to date/);
  });
});
