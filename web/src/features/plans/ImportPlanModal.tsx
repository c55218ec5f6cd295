import { Alert, Button, Code, FileInput, Group, List, Modal, Stack, Text } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { useImportPlan } from '../../api/plans';
import { errorMessage } from '../../lib/form-errors';
import { notifySuccess } from '../../lib/notify';
import type { PlanIssue } from './editor/context';
import { stripPathPrefix, translateIssue } from './editor/issues';

const MAX_BYTES = 5 * 1024 * 1024;
const MAX_LISTED = 8;

/** Reads a plan export (JSON) and sends it to POST /plans/import; the server validates and names the path at fault. */
export function ImportPlanModal({
  workspaceId,
  opened,
  onClose,
}: {
  workspaceId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const importPlan = useImportPlan(workspaceId);
  const [file, setFile] = useState<File | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);

  const close = () => {
    setFile(null);
    setLocalError(null);
    importPlan.reset();
    onClose();
  };

  const submit = async () => {
    if (!file) return;
    setLocalError(null);
    importPlan.reset();
    if (file.size > MAX_BYTES) {
      setLocalError(t('plans.import.tooLarge'));
      return;
    }
    let document: unknown;
    try {
      document = JSON.parse(await file.text());
    } catch {
      setLocalError(t('plans.import.notJson'));
      return;
    }
    importPlan.mutate(document, {
      onSuccess: (plan) => {
        notifySuccess(t('plans.import.done', { title: plan.title }));
        close();
        navigate(`/w/${workspaceId}/plans/${plan.id}`);
      },
    });
  };

  const error = importPlan.error;
  const field = error instanceof ApiError && error.status === 400 ? error.field : undefined;
  // The server names the first problem in `field` and lists every one in `issues`.
  const listed =
    error instanceof ApiError ? (error.body as { issues?: PlanIssue[] } | undefined)?.issues : undefined;
  const issues: PlanIssue[] =
    Array.isArray(listed) && listed.length
      ? listed
      : field
        ? [
            {
              path: field,
              message: stripPathPrefix(error?.message ?? '', field).replace(
                / \(and \d+ more problems?\)$/,
                '',
              ),
            },
          ]
        : [];

  return (
    <Modal opened={opened} onClose={close} title={t('plans.import.title')} size="lg">
      <Stack gap="md" data-testid="plan-import-modal">
        <Text size="sm" c="dimmed">
          {t('plans.import.text')}
        </Text>
        <FileInput
          label={t('plans.import.file')}
          placeholder={t('plans.import.pick')}
          accept="application/json,.json"
          value={file}
          onChange={(f) => {
            setFile(f);
            setLocalError(null);
            importPlan.reset();
          }}
          clearable
          leftSection={<IconFileImport size={16} aria-hidden />}
          data-testid="plan-import-file"
        />
        {(localError || error) && (
          <Alert color="red" variant="light" title={t('plans.import.failed')} data-testid="plan-import-error">
            {localError ??
              (field ? (
                <Stack gap={4}>
                  <Text size="sm">{t('plans.import.atPath')}</Text>
                  <List size="sm" spacing={2}>
                    {issues.slice(0, MAX_LISTED).map((issue) => (
                      <List.Item key={`${issue.path}-${issue.message}`}>
                        <Code>{issue.path || '—'}</Code> {translateIssue(issue.message, t)}
                      </List.Item>
                    ))}
                  </List>
                  {issues.length > MAX_LISTED && (
                    <Text size="xs">{t('plans.import.more', { count: issues.length - MAX_LISTED })}</Text>
                  )}
                  <Text size="xs" c="dimmed">
                    {t('plans.import.nothingSaved')}
                  </Text>
                </Stack>
              ) : (
                errorMessage(error, t)
              ))}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            onClick={() => void submit()}
            disabled={!file}
            loading={importPlan.isPending}
            data-testid="plan-import-submit"
          >
            {t('plans.import.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
