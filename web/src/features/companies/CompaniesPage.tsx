import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  EmptyState,
  Group,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import {
  IconBuilding,
  IconExternalLink,
  IconPencil,
  IconPlus,
  IconSearch,
  IconTrash,
} from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCompanies, useDeleteCompany } from '../../api/companies';
import type { Company } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { formatDate } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { canAdmin, canEdit } from '../../lib/roles';
import { useCurrentWorkspace } from '../../routes/workspace-context';
import { CompanyFormModal } from './CompanyFormModal';
import { countryName } from './countries';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function CompaniesPage() {
  const { t, i18n } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const companies = useCompanies(workspace.id);
  const remove = useDeleteCompany(workspace.id);
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [formOpened, formModal] = useDisclosure(false);
  const [editing, setEditing] = useState<Company | null>(null);
  const [deleting, setDeleting] = useState<Company | null>(null);
  const [query, setQuery] = useState('');

  const mayEdit = canEdit(workspace.role);
  const mayDelete = canAdmin(workspace.role);

  const filtered = useMemo(() => {
    const items = companies.data ?? [];
    const q = query.trim().toLowerCase();
    if (!q) return items;
    return items.filter((c) =>
      [c.name, c.industry, c.website, c.country, countryName(c.country, i18n.language)].some((v) =>
        v?.toLowerCase().includes(q),
      ),
    );
  }, [companies.data, query, i18n.language]);

  const openCreate = () => {
    setEditing(null);
    formModal.open();
  };
  const openEdit = (company: Company) => {
    setEditing(company);
    formModal.open();
  };
  const confirmDelete = () => {
    if (!deleting) return;
    const name = deleting.name;
    remove.mutate(deleting.id, {
      onSuccess: () => {
        notifySuccess(t('companies.deleted', { name }));
        setDeleting(null);
      },
      onError: (error) => notifyError(error, t),
    });
  };

  const createButton = mayEdit && (
    <Button
      leftSection={<IconPlus size={16} aria-hidden />}
      onClick={openCreate}
      data-testid="company-create"
    >
      {t('companies.create')}
    </Button>
  );

  const actions = (company: Company) =>
    (mayEdit || mayDelete) && (
      <Group gap={4} wrap="nowrap" justify="flex-end">
        {mayEdit && (
          <Tooltip label={t('common.edit')} openDelay={400}>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('companies.editNamed', { name: company.name })}
              onClick={() => openEdit(company)}
              data-testid="company-edit"
            >
              <IconPencil size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
        )}
        {mayDelete && (
          <Tooltip label={t('common.delete')} openDelay={400}>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('companies.deleteNamed', { name: company.name })}
              onClick={() => setDeleting(company)}
              data-testid="company-delete"
            >
              <IconTrash size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    );

  const website = (company: Company) =>
    company.website ? (
      <Anchor
        href={company.website}
        target="_blank"
        rel="noopener noreferrer nofollow"
        size="sm"
        className="ml-break"
      >
        {hostOf(company.website)}
        <IconExternalLink size={12} aria-hidden style={{ marginLeft: 4, verticalAlign: 'middle' }} />
      </Anchor>
    ) : (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );

  let body: React.ReactNode;
  if (companies.isPending) {
    body = (
      <Stack gap="sm">
        <Skeleton h={48} />
        <Skeleton h={48} />
        <Skeleton h={48} />
      </Stack>
    );
  } else if (companies.error) {
    body = <ErrorState error={companies.error} onRetry={() => void companies.refetch()} />;
  } else if (companies.data.length === 0) {
    body = (
      <Paper withBorder p={{ base: 'lg', sm: 48 }}>
        <EmptyState
          icon={<IconBuilding size={28} aria-hidden />}
          title={t('companies.emptyTitle')}
          description={mayEdit ? t(`companies.emptyText.${workspace.kind}`) : t('companies.emptyViewer')}
          data-testid="companies-empty"
        >
          {mayEdit && (
            <EmptyState.Actions>
              <Button
                leftSection={<IconPlus size={16} aria-hidden />}
                onClick={openCreate}
                data-testid="company-create"
              >
                {t('companies.createFirst')}
              </Button>
            </EmptyState.Actions>
          )}
        </EmptyState>
      </Paper>
    );
  } else {
    body = (
      <Stack gap="md">
        <TextInput
          placeholder={t('companies.search')}
          aria-label={t('companies.search')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          maw={{ sm: 360 }}
          data-testid="company-search"
        />
        {filtered.length === 0 ? (
          <Text c="dimmed" size="sm" py="md">
            {t('companies.noMatch', { query })}
          </Text>
        ) : isPhone ? (
          <Stack gap="sm" data-testid="company-list">
            {filtered.map((company) => (
              <Card
                key={company.id}
                withBorder
                padding="md"
                data-testid="company-row"
                data-company-id={company.id}
              >
                <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                  <Stack gap={4} style={{ minWidth: 0 }}>
                    <Text fw={600} className="ml-break" data-testid="company-row-name">
                      {company.name}
                    </Text>
                    <Text size="sm" c="dimmed" className="ml-break">
                      {[company.industry, countryName(company.country, i18n.language)]
                        .filter(Boolean)
                        .join(' · ') || t('companies.noDetails')}
                    </Text>
                    {company.website && website(company)}
                  </Stack>
                  {actions(company)}
                </Group>
                {company.description && (
                  <Text size="sm" mt="xs" lineClamp={3} className="ml-break">
                    {company.description}
                  </Text>
                )}
              </Card>
            ))}
          </Stack>
        ) : (
          <Paper withBorder style={{ overflow: 'hidden' }}>
            <Table.ScrollContainer minWidth={760} type="native">
              <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="company-list">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('companies.fields.name')}</Table.Th>
                    <Table.Th>{t('companies.fields.industry')}</Table.Th>
                    <Table.Th>{t('companies.fields.countryShort')}</Table.Th>
                    <Table.Th>{t('companies.fields.website')}</Table.Th>
                    <Table.Th>{t('companies.fields.updated')}</Table.Th>
                    {(mayEdit || mayDelete) && (
                      <Table.Th>
                        <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                      </Table.Th>
                    )}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {filtered.map((company) => (
                    <Table.Tr key={company.id} data-testid="company-row" data-company-id={company.id}>
                      <Table.Td maw={320}>
                        <Text fw={600} size="sm" className="ml-break" data-testid="company-row-name">
                          {company.name}
                        </Text>
                        {company.description && (
                          <Text size="xs" c="dimmed" lineClamp={1}>
                            {company.description}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{company.industry ?? '—'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {company.country ? countryName(company.country, i18n.language) : '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td maw={220}>{website(company)}</Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                          {formatDate(company.updatedAt, i18n.language)}
                        </Text>
                      </Table.Td>
                      {(mayEdit || mayDelete) && <Table.Td w={90}>{actions(company)}</Table.Td>}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title={t('nav.companies')}
        description={t(`companies.intro.${workspace.kind}`)}
        actions={companies.data && companies.data.length > 0 ? createButton : null}
      />
      {!mayEdit && (
        <Text size="sm" c="dimmed" mb="md" data-testid="read-only-note">
          {t('companies.readOnly')}
        </Text>
      )}
      {body}
      <CompanyFormModal
        workspaceId={workspace.id}
        company={editing}
        opened={formOpened}
        onClose={formModal.close}
      />
      <ConfirmModal
        opened={deleting !== null}
        title={t('companies.deleteTitle')}
        message={t('companies.deleteText', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={confirmDelete}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
