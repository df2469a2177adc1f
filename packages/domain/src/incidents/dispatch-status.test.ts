import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canTransition, milestoneReached, nextOrderStatus, ORDER_STATUSES, type OrderStatus } from './dispatch-status';

describe('dispatch order status model', () => {
  it('walks issued → acknowledged → en route → on scene → resolved → closed', () => {
    const path: OrderStatus[] = ['issued'];
    for (let s = nextOrderStatus('issued'); s !== null; s = nextOrderStatus(s)) path.push(s);
    expect(path).toEqual(['issued', 'acknowledged', 'en_route', 'on_scene', 'resolved', 'closed']);
  });

  it('never skips or goes back under any sequence of requested moves', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ORDER_STATUSES), { maxLength: 30 }), (requests) => {
        let s: OrderStatus = 'issued';
        const history: OrderStatus[] = [s];
        for (const to of requests) {
          if (canTransition(s, to)) {
            s = to;
            history.push(s);
          }
        }
        for (let i = 1; i < history.length; i++) {
          const prev = history[i - 1] as OrderStatus;
          const cur = history[i] as OrderStatus;
          expect(cur === nextOrderStatus(prev) || cur === 'cancelled' || cur === 'transferred').toBe(true);
        }
      }),
    );
  });

  it('knows which milestone each deadline watches', () => {
    expect(milestoneReached('issued', 'ack')).toBe(false);
    expect(milestoneReached('acknowledged', 'ack')).toBe(true);
    expect(milestoneReached('en_route', 'arrive')).toBe(false);
    expect(milestoneReached('on_scene', 'arrive')).toBe(true);
    expect(milestoneReached('cancelled', 'resolve')).toBe(true);
    expect(canTransition('resolved', 'cancelled')).toBe(false);
  });
});
