-- Camera evidence, second step: the redaction regions the worker marks in
-- each frame (faces, people, plates, vehicles; what a public or training
-- export must blur), and the hand-off of violations to the traffic review
-- queue, recorded with the event so a hand-off that failed is retried by
-- the sweep job and never lost.

-- [{kind, box: [x, y, w, h]}] normalised; NULL = the worker sent none (the frame is never exported).
ALTER TABLE camera_evidence ADD COLUMN regions jsonb;

-- none: not a violation; pending: to hand over (set in the event's transaction);
-- submitted: in the traffic queue (handoff_violation_id); no_plate: no plate read, reviewed on the cameras side.
ALTER TABLE camera_events ADD COLUMN handoff text NOT NULL DEFAULT 'none'
  CHECK (handoff IN ('none', 'pending', 'submitted', 'no_plate'));
ALTER TABLE camera_events ADD COLUMN handoff_violation_id uuid;
ALTER TABLE camera_events ADD COLUMN handoff_error text;
ALTER TABLE camera_events ADD COLUMN handoff_attempts integer NOT NULL DEFAULT 0;
CREATE INDEX camera_events_handoff_idx ON camera_events (received_at) WHERE handoff = 'pending';
-- Leases the sweep has to look at: expired ones whose camera is not yet marked offline.
CREATE INDEX camera_leases_expiry_idx ON camera_leases (expires_at);
