import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { errorMessage } from './form-errors';

export function notifyError(error: unknown, t: TFunction): void {
  notifications.show({ color: 'red', title: t('errors.actionFailed'), message: errorMessage(error, t) });
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message });
}
