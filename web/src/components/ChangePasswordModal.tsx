import { Alert, Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useChangePassword } from '../api/me';
import { applyFieldError, errorMessage } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { MIN_PASSWORD } from '../lib/validation';

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const change = useChangePassword();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    validate: {
      currentPassword: (value) => (value ? null : t('validation.required')),
      newPassword: (value) =>
        value.length >= MIN_PASSWORD ? null : t('validation.passwordLength', { count: MIN_PASSWORD }),
      confirmPassword: (value, values) =>
        value === values.newPassword ? null : t('validation.passwordMismatch'),
    },
  });

  const close = () => {
    form.reset();
    change.reset();
    onClose();
  };

  const submit = form.onSubmit(({ currentPassword, newPassword }) => {
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          notifySuccess(t('account.passwordChanged'));
          close();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'wrong_password') {
            form.setFieldError('currentPassword', errorMessage(error, t));
          } else {
            applyFieldError(form, error, t);
          }
        },
      },
    );
  });

  const showGeneral =
    change.error && !form.errors.currentPassword && !form.errors.newPassword && !form.errors.confirmPassword;

  return (
    <Modal opened={opened} onClose={close} title={t('account.changePassword')} data-testid="password-modal">
      <form onSubmit={submit} noValidate>
        <Stack>
          <PasswordInput
            label={t('account.currentPassword')}
            autoComplete="current-password"
            required
            data-autofocus
            data-testid="password-current"
            {...form.getInputProps('currentPassword')}
          />
          <PasswordInput
            label={t('account.newPassword')}
            description={t('validation.passwordLength', { count: MIN_PASSWORD })}
            autoComplete="new-password"
            required
            data-testid="password-new"
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput
            label={t('account.confirmPassword')}
            autoComplete="new-password"
            required
            data-testid="password-confirm"
            {...form.getInputProps('confirmPassword')}
          />
          {showGeneral && (
            <Alert color="red" variant="light">
              {errorMessage(change.error, t)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={change.isPending} data-testid="password-save">
              {t('account.savePassword')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
