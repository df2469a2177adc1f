import { z } from 'zod';
import { defineJob } from '../../platform/jobs/job.types';
import { getDelivery, setDelivery } from './accidents.repository';
import type { TrafficConfig } from './traffic.config';

export const INSURER_JOB = 'traffic.insurer-delivery';

/**
 * The insurers' outbox: each delivery is posted as JSON to the configured
 * webhook (bearer token); a failure throws, so the job runner retries with
 * backoff and the row keeps its attempts. Without a webhook the delivery is
 * marked exported and insurers collect it from the export endpoint.
 */
export function insurerJob(config: TrafficConfig, post: typeof fetch = fetch) {
  return defineJob({
    id: INSURER_JOB,
    payload: z.object({ deliveryId: z.uuid() }),
    maxAttempts: 8,
    handler: async ({ deliveryId }, { tx, now }) => {
      const d = await getDelivery(tx, deliveryId);
      if (!d || d.status === 'delivered' || d.status === 'exported') return;
      if (!config.insurerWebhookUrl) {
        await setDelivery(tx, d.id, 'exported', now, null);
        return;
      }
      const res = await post(config.insurerWebhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(config.insurerWebhookToken ? { authorization: `Bearer ${config.insurerWebhookToken}` } : {}),
          'idempotency-key': d.id,
        },
        body: JSON.stringify({ deliveryId: d.id, insurer: d.insurer, case: d.payload }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`insurer webhook answered ${res.status}`);
      await setDelivery(tx, d.id, 'delivered', now, null);
    },
  });
}
