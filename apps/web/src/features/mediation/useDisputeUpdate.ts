import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { type DisputeDetail, mkeys } from './queries';

/**
 * After a write: puts a returned dispute into the cache (or refetches it)
 * and marks the lists stale, so the page, the ledger and the workbench agree.
 */
export function useDisputeUpdate(): (id: string, detail?: DisputeDetail) => void {
  const qc = useQueryClient();
  return useCallback(
    (id: string, detail?: DisputeDetail) => {
      if (detail) qc.setQueryData(mkeys.dispute(id), detail);
      else void qc.invalidateQueries({ queryKey: mkeys.dispute(id) });
      void qc.invalidateQueries({ queryKey: mkeys.disputesAll });
      void qc.invalidateQueries({ queryKey: mkeys.suggestions(id) });
      void qc.invalidateQueries({ queryKey: mkeys.sessions });
      void qc.invalidateQueries({ queryKey: ['mediation', 'followups'] });
      void qc.invalidateQueries({ queryKey: ['mediation', 'indicators'] });
    },
    [qc],
  );
}
