import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../api/errors';
import { useErrorText } from '../../shared/errors';

/**
 * The hall's refusals in the user's language: the server's field codes
 * (slot_full, already_booked_that_day, file_type, …) and reasons
 * (resend_too_soon, …) have their own sentences under `hall.err`; anything
 * else falls back to the app's common error text.
 */
export function useHallErrorText(): (err: unknown) => string {
  const { t, i18n } = useTranslation();
  const common = useErrorText();
  return useCallback(
    (err: unknown) => {
      if (err instanceof ApiRequestError) {
        const known = (code: string | null | undefined) =>
          code && i18n.exists(`hall.err.${code}`) ? (t as unknown as (k: string) => string)(`hall.err.${code}`) : null;
        const byField = err.fields.map((f) => known(f.code)).filter((s): s is string => s !== null);
        if (byField.length > 0) return [...new Set(byField)].join(' ');
        const byReason = known(err.reason) ?? known(err.code);
        if (byReason) return byReason;
      }
      return common(err);
    },
    [t, i18n, common],
  );
}
