import { describe, expect, it } from 'vitest';
import { type KeyValueStore, memoryBlobStore, OfflineQueue, type QueueItem } from './queue';

class Offline extends Error {}
class Refused extends Error {}

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, get: (k) => data.get(k) ?? null, set: (k, v) => void data.set(k, v) };
}

function setup(sendImpl: (item: QueueItem) => Promise<void>) {
  const store = memoryStore();
  const blobs = memoryBlobStore();
  const sent: string[] = [];
  const queue = new OfflineQueue({
    store,
    blobs,
    send: async (item) => {
      await sendImpl(item);
      sent.push(item.id);
    },
    classify: (err) => (err instanceof Offline ? 'offline' : 'refused'),
    describe: (err) => (err instanceof Error ? err.message : 'error'),
  });
  return { store, blobs, queue, sent };
}

const item = (id: string, kind: QueueItem['kind'] = 'points'): Omit<QueueItem, 'createdAt'> => ({
  id,
  kind,
  path: `/api/x/${id}`,
  body: { clientId: id },
});

describe('the offline queue', () => {
  it('sends items in the order they were made, once each', async () => {
    const { queue, sent } = setup(async () => {});
    await queue.enqueue(item('a', 'check_in'));
    await queue.enqueue(item('b'));
    await queue.enqueue(item('c', 'pass'));
    await queue.enqueue(item('b')); // the same action twice is one item
    expect(queue.snapshot.pending.map((p) => p.id)).toEqual(['a', 'b', 'c']);
    await queue.flush();
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(queue.snapshot.pending).toEqual([]);
  });

  it('keeps everything while offline and never lets a later write overtake an earlier one', async () => {
    let online = false;
    const { queue, sent } = setup(async () => {
      if (!online) throw new Offline('offline');
    });
    await queue.enqueue(item('a', 'check_in'));
    await queue.enqueue(item('b'));
    await queue.flush();
    expect(sent).toEqual([]);
    expect(queue.snapshot.pending).toHaveLength(2);
    online = true;
    await queue.flush();
    expect(sent).toEqual(['a', 'b']);
  });

  it('survives a reload: a new queue on the same storage holds the items', async () => {
    const first = setup(async () => {
      throw new Offline('offline');
    });
    await first.queue.enqueue(item('a'));
    const again = new OfflineQueue({
      store: first.store,
      blobs: first.blobs,
      send: async () => {},
      classify: () => 'offline',
    });
    expect(again.snapshot.pending.map((p) => p.id)).toEqual(['a']);
  });

  it('drops an item the server refuses, remembers why, and sends the rest', async () => {
    const { queue, sent } = setup(async (it) => {
      if (it.id === 'far') throw new Refused('too far from the route');
    });
    await queue.enqueue(item('far', 'check_in'));
    await queue.enqueue(item('b'));
    await queue.flush();
    expect(sent).toEqual(['b']);
    expect(queue.snapshot.refused.map((r) => [r.item.id, r.message])).toEqual([['far', 'too far from the route']]);
    queue.dismissRefused();
    expect(queue.snapshot.refused).toEqual([]);
  });

  it('runs one flush at a time: two triggers (the online event and the timer) send each item once', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { queue, sent } = setup(() => gate);
    await queue.enqueue(item('a'));
    const one = queue.flush();
    const two = queue.flush();
    expect(one).toBe(two);
    release();
    await Promise.all([one, two]);
    expect(sent).toEqual(['a']);
  });

  it('keeps photo blobs until their item is sent, then deletes them', async () => {
    let online = false;
    const { queue, blobs } = setup(async () => {
      if (!online) throw new Offline('offline');
    });
    const blob = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });
    await queue.enqueue({ ...item('p', 'photo'), photos: [{ key: 'photo:p', clientId: 'p' }] }, [
      { key: 'photo:p', blob },
    ]);
    await queue.flush();
    expect(await blobs.get('photo:p')).not.toBeNull();
    online = true;
    await queue.flush();
    expect(await blobs.get('photo:p')).toBeNull();
  });

  it('starts empty on a corrupt stored entry', () => {
    const store = memoryStore();
    store.set('fq.volunteer.outbox', '{not json');
    const q = new OfflineQueue({ store, blobs: memoryBlobStore(), send: async () => {}, classify: () => 'offline' });
    expect(q.snapshot.pending).toEqual([]);
  });
});
