import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../api/errors';
import { useErrorText } from '../../shared/errors';
import { leadershipZhCN } from './i18n.zh-CN';

type Code = keyof typeof leadershipZhCN.errors;
const isCode = (c: string | null | undefined): c is Code => !!c && c in leadershipZhCN.errors;

/** The module's own field codes and reasons in the user's language; everything else as the app words it. */
export function useLeadershipErrorText(): (err: unknown) => string {
  const { t } = useTranslation();
  const general = useErrorText();
  return useCallback(
    (err: unknown) => {
      if (err instanceof ApiRequestError) {
        const field = err.fields.find((f) => isCode(f.code));
        if (field && isCode(field.code)) return t(`leadership.errors.${field.code}`);
        if (isCode(err.reason)) return t(`leadership.errors.${err.reason}`);
      }
      return general(err);
    },
    [t, general],
  );
}
