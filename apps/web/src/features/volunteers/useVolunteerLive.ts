import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { live } from '../../api/live';
import { vkeys } from './queries';

/** The volunteer module's live topics (VOLUNTEER_TOPICS); any of them refreshes the volunteer queries on screen. */
const TOPICS = ['volunteers.notification', 'volunteers.duty', 'volunteers.alarm', 'hazards.changed'] as const;

export function useVolunteerLive(): void {
  const qc = useQueryClient();
  useEffect(() => {
    const refresh = () => void qc.invalidateQueries({ queryKey: vkeys.all });
    const stops = TOPICS.map((topic) => live.subscribe(topic, refresh));
    return () => {
      for (const stop of stops) stop();
    };
  }, [qc]);
}
