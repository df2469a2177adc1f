import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_DIR, migrate } from '../platform/db/migrate';
import { openPglite } from '../platform/db/pglite.engine';
import { schemaSnapshot } from '../platform/db/schema-snapshot';

/** `npm run db:snapshot`: migrate a scratch PGlite and write migrations/schema.snapshot.json. */
const db = await openPglite({});
await migrate(db);
const snap = await schemaSnapshot(db);
await db.close();
const file = path.join(MIGRATIONS_DIR, 'schema.snapshot.json');
fs.writeFileSync(file, `${JSON.stringify(snap, null, 2)}\n`);
console.log(
  `wrote ${file}: ${snap.columns.length} columns, ${snap.indexes.length} indexes, ${snap.triggers.length} triggers`,
);
