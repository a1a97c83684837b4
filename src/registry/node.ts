/**
 * The Node-only parts of registry publication: the fastify routes (a verifier service or
 * `zkdisclose registry serve` mounts them) and the static publisher (`zkdisclose registry
 * publish`). Re-exported by the Node entry only; the client and the layout are in index.ts.
 */
export { type RegistryRouteOptions, registerRegistryRoutes } from './server.js';
export { type StaticPublishOptions, type StaticPublishResult, DEFAULT_KEEP_SEQUENCES, publishStatic } from './static-publish.js';
