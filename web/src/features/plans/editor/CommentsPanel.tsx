import { ActionIcon, Button, Group, Paper, Stack, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { IconMessage, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanSectionKey } from '../../../../../src/shared/contracts/plan';
import { type PlanComment, useAddComment, useDeleteComment } from '../../../api/plans';
import { formatDateTime } from '../../../lib/format';
import { notifyError } from '../../../lib/notify';

const MAX = 5000;

/** Comments on one section. Everyone in the workspace, viewers included, may comment. */
export function CommentsPanel({
  workspaceId,
  planId,
  section,
  comments,
  userName,
  isAdmin,
}: {
  workspaceId: string;
  planId: string;
  section: PlanSectionKey;
  comments: PlanComment[];
  userName: string;
  isAdmin: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [body, setBody] = useState('');
  const add = useAddComment(workspaceId, planId);
  const remove = useDeleteComment(workspaceId, planId);
  const mine = comments.filter((c) => c.section === section);

  const submit = () => {
    const text = body.trim();
    if (!text) return;
    add.mutate(
      { section, body: text },
      { onSuccess: () => setBody(''), onError: (error) => notifyError(error, t) },
    );
  };

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} mt="xl" data-testid="comments">
      <Group gap="xs" mb="sm">
        <IconMessage size={18} aria-hidden />
        <Title order={3} fz="md">
          {t('plans.comments.title', { count: mine.length })}
        </Title>
      </Group>
      <Stack gap="sm">
        {mine.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('plans.comments.empty')}
          </Text>
        )}
        {mine.map((comment) => (
          <div key={comment.id} className="ml-comment" data-testid="comment">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="xs" c="dimmed">
                <Text span fw={600} c="var(--mantine-color-text)" size="xs">
                  {comment.authorName ?? t('plans.someone')}
                </Text>{' '}
                · {formatDateTime(comment.createdAt, i18n.language)}
              </Text>
              {(isAdmin || comment.authorName === userName) && (
                <Tooltip label={t('plans.comments.delete')} openDelay={400}>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="red"
                    aria-label={t('plans.comments.delete')}
                    loading={remove.isPending && remove.variables === comment.id}
                    onClick={() => remove.mutate(comment.id, { onError: (error) => notifyError(error, t) })}
                  >
                    <IconTrash size={14} aria-hidden />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
            <Text size="sm" className="ml-break" style={{ whiteSpace: 'pre-wrap' }}>
              {comment.body}
            </Text>
          </div>
        ))}
        <Textarea
          label={t('plans.comments.add')}
          placeholder={t('plans.comments.placeholder')}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={MAX}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit();
          }}
          data-testid="comment-input"
        />
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed">
            {t('plans.comments.hint')}
          </Text>
          <Button
            size="xs"
            onClick={submit}
            disabled={!body.trim()}
            loading={add.isPending}
            data-testid="comment-submit"
          >
            {t('plans.comments.submit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
