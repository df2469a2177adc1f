-- Live events between server processes through PostgreSQL LISTEN/NOTIFY
-- (deployments without NATS). A NOTIFY payload is limited to 8000 bytes, so
-- larger events are stored here and the notification carries only the id.
-- Rows are transient: the publishing node deletes those older than ten minutes.
CREATE TABLE live_event_overflow (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX live_event_overflow_created_idx ON live_event_overflow (created_at);
