-- The near-duplicate probe of intake (a report of the same category near
-- the same point, in the same grid, since the window's start, still open
-- and not itself a duplicate) walked incidents_grid_board_idx: its partial
-- predicate matches the probe's status filter, so the planner preferred it,
-- but it is led by grid and status, so a busy grid filtered hundreds of open
-- incidents per report (0.13–0.4 ms each under load). This index holds
-- exactly the probe's candidates in its order: one or two entries read per
-- report (0.007 ms).
CREATE INDEX incidents_near_duplicate_idx ON incidents (grid_id, category_code, created_at)
  WHERE duplicate_of IS NULL AND status NOT IN ('closed', 'transferred');
