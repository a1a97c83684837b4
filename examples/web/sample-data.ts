/**
 * The demo's sample data, shared by the page (main.ts) and its Node side (service-demo.ts): the
 * identity card's attributes, its expiry, the EU nationality codes the verifier accepts, and the
 * name of the verifier service's policy that asks what the page's own verifier asks.
 */
export const EU_NATIONALITIES = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
];
export const SAMPLE_PERSON = { givenName: 'Ada', familyName: 'Lovelace', birthDate: '1990-12-10', nationality: 'FR', documentNumber: 'FR-2041-77' };
export const VALID_UNTIL = '2031-12-31';
/** The service's policy: age at least 18, nationality in the EU, disclose givenName. */
export const SERVICE_DEMO_POLICY = 'eu-adult';
