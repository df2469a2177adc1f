import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../api/errors';
import { translateDynamic } from '../../app/i18n';
import { useErrorText } from '../../shared/errors';
import { GeoError } from './geo';

/** The server's stable code of a volunteer error: its reason, else its one field problem's code. */
export function volunteerCode(err: unknown): string | null {
  if (!(err instanceof ApiRequestError)) return null;
  return err.reason ?? err.fields[0]?.code ?? null;
}

/**
 * One sentence for any error of the volunteer pages: the module's own
 * reasons (shift full, certificate missing, far from the route …) in the
 * user's language, else the app's general error text.
 */
export function useVolunteerErrorText(): (err: unknown) => string {
  const { t } = useTranslation();
  const general = useErrorText();
  return useCallback(
    (err: unknown) => {
      if (err instanceof GeoError)
        return err.kind === 'denied' ? t('volunteers.duty.geoDenied') : t('volunteers.duty.geoUnavailable');
      const code = volunteerCode(err);
      if (code && err instanceof ApiRequestError) {
        const detail = err.fields[0]?.message ?? '';
        const text = translateDynamic(`volunteers.errors.${code}`, '', { detail });
        if (text) return text;
      }
      return general(err);
    },
    [t, general],
  );
}
