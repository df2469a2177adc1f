import type { retentionZhCN } from './i18n.zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** The data retention page's strings in English (same keys as i18n.zh-CN.ts). */
export const retentionEnUS: Shape<typeof retentionZhCN> = {
  title: 'Data retention',
  subtitle:
    'Personal data is anonymised on schedule once its purpose is over: statistics stay, identities, photos and materials go. Every run is in the audit log.',
  col: {
    policy: 'Policy',
    period: 'Period',
    from: 'Counted from',
    anonymises: 'Anonymised / deleted',
    keeps: 'Kept (statistics)',
    lastRun: 'Last run',
    lastPass: 'Last batch',
    total: 'So far',
  },
  days: '{{n}} days',
  unlimited: 'Unlimited',
  defaultDays: 'default {{n}} days',
  minDays: 'at least {{n}} days',
  never: 'Not run yet',
  rows: '{{n}} records',
  files: '{{n}} files',
  kind: { anonymise: 'Scheduled anonymisation', external: "Module's own job", keep: 'Kept for good' },
  guarded: 'Delete/update guards in place',
  unguarded: 'Delete/update guards missing!',
  env: 'Variable',
  policy: {
    incidents_closed: {
      name: 'Closed incidents',
      from: 'closing',
      anonymises:
        'caller name and phone, persons, plates, summary and description, address and exact position, attachments',
      keeps: 'category, source, priority, times, grid (position moved to its centre), result code',
    },
    mediation_decided: {
      name: 'Decided disputes',
      from: 'closing',
      anonymises: "parties' names, ID numbers, phones, addresses; case text, session minutes, follow-up notes",
      keeps: 'category, source, risk, levels, outcome, amount, times, grid',
    },
    hall_appointments: {
      name: 'Hall appointments and tickets',
      from: 'the slot (tickets: ticketed)',
      anonymises: "appointment name and ID number; tickets' resident link, tracking token and note",
      keeps: 'service, window, day, status, waiting and service times',
    },
    hall_applications: {
      name: 'Online applications',
      from: 'decision',
      anonymises: 'applicant name, ID number, phone, form details, uploaded materials (files deleted)',
      keeps: 'service, status, rounds, submission and decision times, reasons',
    },
    'hall_home-visits': {
      name: 'Home visits',
      from: 'done',
      anonymises: 'name, phone, ID number, address and notes',
      keeps: 'service, reason kind, status, days, officer, grid',
    },
    hall_suggestions: {
      name: 'Suggestions',
      from: 'done',
      anonymises: 'submitter name and account link',
      keeps: 'channel, category, content, answer and progress',
    },
    citizens_inactive: {
      name: 'Unused resident accounts',
      from: 'last sign-in or activity',
      anonymises: 'phone (ciphertext, blind index, mask) and name; sessions ended',
      keeps: 'the account row other records point at',
    },
    'citizens_sign-in': {
      name: 'Resident sign-in codes and sessions',
      from: 'code creation; session end',
      anonymises: 'code rows and finished sessions (IP, browser) deleted',
      keeps: '— (sign-ins stay in the audit log)',
    },
    volunteers_tracks: {
      name: 'Patrol tracks and photos',
      from: 'check-out',
      anonymises: 'GPS points, check-in/out and checkpoint positions, duty photos (files deleted)',
      keeps: 'duty, shift, times, hours, which checkpoints were passed and when',
    },
    volunteers_exited: {
      name: 'Volunteers who left',
      from: 'exit',
      anonymises: 'name, ID number, phone, birth date, vetting notes',
      keeps: 'record id, gender, station; hours and points stay countable',
    },
    traffic_accidents: {
      name: 'Quick-handling accident cases',
      from: 'the issued document',
      anonymises: "parties' names, licences, plates, policy numbers, signatures, photos and the PDF (files deleted)",
      keeps: 'time, grid, weather, accident type, liability, vehicle types, insurers',
    },
    'identity_sign-in': {
      name: 'Staff sign-in records',
      from: 'session end; attempt',
      anonymises: 'finished sessions and login attempts (IP, browser) deleted',
      keeps: 'accounts; sign-in events in the audit log',
    },
    cameras_evidence: {
      name: 'Camera evidence',
      from: 'the event',
      anonymises: 'frames, clips, plate close-ups (files deleted)',
      keeps: "the event; confirmed violations' evidence stays with the case",
    },
    audit_log: {
      name: 'Audit log',
      from: 'recorded',
      anonymises: 'nothing: never deleted or changed (database triggers refuse it)',
      keeps: 'every audit row, sealed in the hash chain',
    },
  },
};
