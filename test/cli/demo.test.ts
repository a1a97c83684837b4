/**
 * `zkdisclose demo` (`npm run demo`, the README's first line) runs through: the Verifier object
 * verifies once and refuses the replay, BBS verifies, a two-credential presentation (identity card
 * and driving licence of one holder) verifies, and after revocation the earlier proof is
 * refused against the new root.
 */
import { expect, it } from 'vitest';
import { runDemo } from '../../src/cli/demo.js';

it('the demo completes, narrating each outcome', async () => {
  let text = '';
  const out = { isTTY: false, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  expect(await runDemo(out)).toBe(true);
  expect(text).toContain('verified: true; disclosed: {"givenName":"Ada"}');
  expect(text).toContain('replaying the same presentation: verified false (NONCE_REPLAYED)');
  expect(text).toContain('verified: true; disclosed: {"givenName":"Ada","nationality":"FR"}');
  expect(text).toContain('verified: true; issuers: identity card issuer, licence authority');
  expect(text).toContain('verified false (ROOT_SUPERSEDED)');
  expect(text).toContain('Demo complete.');
});
