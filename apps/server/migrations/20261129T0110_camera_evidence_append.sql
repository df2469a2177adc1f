-- Camera evidence, third step: a worker posts an event as soon as its rule
-- fires (the alert must not wait for the after-frame and the clip) and
-- appends the after-frame, the clip, the plate close-up and the plate
-- reading through POST /api/vision/events/:id/evidence.

-- true while the worker is still sending evidence; the traffic hand-off of a
-- violation waits for it (or for the sweep to close an event whose worker
-- never finished, see cameras.violation-handoff).
ALTER TABLE camera_events ADD COLUMN evidence_pending boolean NOT NULL DEFAULT false;
-- When the evidence was closed (complete, or closed by the sweep).
ALTER TABLE camera_events ADD COLUMN evidence_completed_at timestamptz;
CREATE INDEX camera_events_evidence_pending_idx ON camera_events (received_at) WHERE evidence_pending;

-- 'pending': the plate is still being read when the event is posted; the append brings the reading.
ALTER TABLE camera_events DROP CONSTRAINT camera_events_plate_status_check;
ALTER TABLE camera_events ADD CONSTRAINT camera_events_plate_status_check
  CHECK (plate_status IN ('read', 'unreadable', 'not_applicable', 'pending'));
