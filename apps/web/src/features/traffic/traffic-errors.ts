import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../api/errors';
import { useErrorText } from '../../shared/errors';
import type { trafficZhCN } from './i18n.zh-CN';

type TrafficErrorKey = keyof typeof trafficZhCN.errors;

/**
 * One sentence for a failed traffic call: the module's own reasons and field
 * codes first (plate format, wrong join code, photo type…), else the app's.
 */
export function useTrafficError(): (e: unknown) => string {
  const { t, i18n } = useTranslation();
  const generic = useErrorText();
  return useCallback(
    (e: unknown) => {
      if (e instanceof ApiRequestError) {
        const codes = [e.reason, ...e.fields.map((f) => f.code)].filter((c): c is string => !!c);
        for (const c of codes) {
          const key = `traffic.errors.${c as TrafficErrorKey}`;
          if (i18n.exists(key)) return t(key as 'traffic.errors.required');
        }
      }
      return generic(e);
    },
    [t, i18n, generic],
  );
}
