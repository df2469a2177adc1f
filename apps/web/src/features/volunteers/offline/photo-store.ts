import { type BlobStore, memoryBlobStore } from './queue';

/**
 * Photo blobs of the outbox in IndexedDB (localStorage holds only strings
 * and a few megabytes). Without IndexedDB (some private modes) photos wait
 * in memory for as long as the tab lives.
 */
const DB_NAME = 'fq-volunteer';
const STORE = 'photos';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB open failed'));
  });
}

function run<T>(db: IDBDatabase, mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = op(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result as T);
    tx.onerror = () => reject(tx.error ?? new Error('indexedDB failed'));
  });
}

export function indexedDbBlobStore(): BlobStore {
  if (typeof indexedDB === 'undefined') return memoryBlobStore();
  let db: Promise<IDBDatabase> | null = null;
  const conn = () => {
    db ??= openDb();
    return db;
  };
  return {
    put: async (key, blob) => {
      await run(await conn(), 'readwrite', (s) => s.put(blob, key));
    },
    get: async (key) => (await run<Blob | undefined>(await conn(), 'readonly', (s) => s.get(key))) ?? null,
    delete: async (key) => {
      await run(await conn(), 'readwrite', (s) => s.delete(key));
    },
  };
}
