import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useLiveTopic } from '../../api/live';
import { mkeys } from './queries';

/**
 * Refetches the mediation lists (and the dispute named by the event) on
 * `disputes.changed`. Bursts coalesce into one refetch within 200 ms; the
 * server scopes the pushes like reads, and a refetch never shows more than a
 * read would.
 */
export function useLiveDisputes(onEvent?: (disputeId: string) => void): void {
  const qc = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef(new Set<string>());
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useLiveTopic('disputes.changed', (e) => {
    pending.current.add(e.disputeId);
    onEvent?.(e.disputeId);
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      const ids = [...pending.current];
      pending.current.clear();
      void qc.invalidateQueries({ queryKey: mkeys.disputesAll });
      for (const id of ids) void qc.invalidateQueries({ queryKey: mkeys.dispute(id) });
    }, 200);
  });
}
