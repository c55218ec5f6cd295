import type { UseFormReturnType } from '@mantine/form';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

/** A user-facing sentence for any error: translated by code when we know it, else the server's words. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const key = `errors.${error.code}`;
    const translated = t(key, { defaultValue: '' });
    if (translated) return translated;
    return error.message || t('errors.unknown');
  }
  return t('errors.unknown');
}

/**
 * Puts a server validation error on the input it names (`body.website` -> `website`).
 * Returns false when the error does not name a field of this form, so the caller shows it elsewhere.
 */
export function applyFieldError<Values extends Record<string, unknown>>(
  form: UseFormReturnType<Values>,
  error: unknown,
  t: TFunction,
): boolean {
  if (!(error instanceof ApiError) || !error.field) return false;
  const field = error.field.split('.').pop() ?? error.field;
  if (!(field in form.getValues())) return false;
  // The input already names the field, so `website: must be a URL` reads better as `must be a URL`.
  const message = errorMessage(error, t).replace(new RegExp(`^${field}:\\s*`), '');
  form.setFieldError(field, message.charAt(0).toUpperCase() + message.slice(1));
  return true;
}
