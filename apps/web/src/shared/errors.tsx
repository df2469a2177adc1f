import { Alert, Button, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError, errorTranslation, type FieldProblem, fieldName, fieldTranslation } from '../api/errors';

/** Turns any thrown error into one sentence in the user's language. */
export function useErrorText(): (err: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (err: unknown) => {
      const tr = errorTranslation(err);
      // The key is one of the dictionary's error keys (see Translatable); the
      // union is too wide for i18next's per-key interpolation typing.
      return (t as unknown as (key: string, options?: Record<string, string>) => string)(tr.key, tr.params);
    },
    [t],
  );
}

/** One field problem in the user's language; the server's own words when the code is unknown. */
export function useFieldText(): (f: FieldProblem) => string {
  const { t } = useTranslation();
  return useCallback(
    (f: FieldProblem) => {
      const tr = fieldTranslation(f.code);
      return tr ? t(tr.key) : f.message;
    },
    [t],
  );
}

/**
 * Shows the server's field problems under the matching form fields. Returns
 * true when at least one problem found its field (no separate toast needed).
 */
export function applyFieldErrors(
  form: FormInstance,
  err: unknown,
  fieldText: (f: FieldProblem) => string,
  rename: Record<string, string> = {},
): boolean {
  if (!(err instanceof ApiRequestError) || err.fields.length === 0) return false;
  const known = new Set(Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
  const byName = new Map<string, string[]>();
  for (const f of err.fields) {
    const raw = fieldName(f.path);
    const name = rename[raw] ?? raw;
    if (!known.has(name)) continue;
    byName.set(name, [...(byName.get(name) ?? []), fieldText(f)]);
  }
  if (byName.size === 0) return false;
  form.setFields([...byName].map(([name, errors]) => ({ name, errors })));
  return true;
}

export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation();
  const text = useErrorText();
  const requestId = error instanceof ApiRequestError ? error.requestId : null;
  return (
    <Alert
      type="error"
      showIcon
      title={title ?? t('app.loadFailed')}
      description={
        <>
          <div>{text(error)}</div>
          {requestId ? <div className="fq-muted">{t('errors.requestId', { id: requestId })}</div> : null}
        </>
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('app.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
