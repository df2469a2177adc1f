import type { AccidentStatus } from '@fengqiao/contracts';

/** Tag colours of a quick-handling case's status. */
export const STATUS_COLOUR: Record<AccidentStatus, string> = {
  referred: 'red',
  open: 'gold',
  joined: 'blue',
  agreed: 'cyan',
  review: 'purple',
  documented: 'green',
};
