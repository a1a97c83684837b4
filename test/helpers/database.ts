/**
 * The PostgreSQL the service tests run against: DATABASE_URL (`.ci/run` starts a throwaway
 * cluster and exports it; locally, scripts/pg-test-cluster.sh or a PostgreSQL of one's own).
 * Without it, PostgreSQL tests are skipped with a warning; under CI=true they fail instead.
 */
import { describe, it } from 'vitest';

export const databaseUrl: string | undefined = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '' ? process.env.DATABASE_URL : undefined;

/** `describe` when DATABASE_URL is set; otherwise a warning and a skip (a failure under CI=true). */
export function describePostgres(name: string, body: (url: string) => void): void {
  const url = databaseUrl;
  if (url !== undefined) {
    describe(name, () => body(url));
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs PostgreSQL (DATABASE_URL; .ci/run starts one)', () => {
        throw new Error('DATABASE_URL is not set under CI: .ci/run starts a cluster with scripts/pg-test-cluster.sh');
      });
    });
    return;
  }
  console.warn(`\n!!! WARNING: PostgreSQL tests SKIPPED (${name}): DATABASE_URL is not set (scripts/pg-test-cluster.sh start DIR prints one)\n`);
  describe.skip(name, () => body(''));
}

/**
 * A new, empty database on the server of `url` (so test files do not share tables), and a
 * function that drops it.
 */
export async function freshDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const { default: pg } = await import('pg');
  const name = `zkd_test_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
