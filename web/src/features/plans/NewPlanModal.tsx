import {
  Alert,
  Button,
  Group,
  Modal,
  Radio,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCompanies } from '../../api/companies';
import { useCreatePlan, usePlanTemplates } from '../../api/plans';
import { ErrorState } from '../../components/ErrorState';
import { errorMessage } from '../../lib/form-errors';
import { notifySuccess } from '../../lib/notify';
import { uiPlanLanguage } from './vocab';

const BLANK = 'blank';
const MAX_TITLE = 200;

function nextMonth(): string {
  const now = new Date();
  const next = new Date(Date.UTC(now.getFullYear(), now.getMonth() + 1, 1));
  return next.toISOString().slice(0, 7);
}

export function NewPlanModal({
  workspaceId,
  opened,
  onClose,
}: {
  workspaceId: string;
  opened: boolean;
  onClose: () => void;
}) {
  return opened ? <NewPlanForm workspaceId={workspaceId} onClose={onClose} /> : null;
}

function NewPlanForm({ workspaceId, onClose }: { workspaceId: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const uiLanguage = uiPlanLanguage(i18n.language);
  const templates = usePlanTemplates(workspaceId, uiLanguage);
  const companies = useCompanies(workspaceId);
  const create = useCreatePlan(workspaceId);

  const [template, setTemplate] = useState<string>(BLANK);
  const [title, setTitle] = useState('');
  const [titleTouched, setTitleTouched] = useState(false);
  const [language, setLanguage] = useState<string>(uiLanguage);
  const [companyId, setCompanyId] = useState<string | null>(null);
  const [month, setMonth] = useState(nextMonth());
  const [titleError, setTitleError] = useState<string | null>(null);

  const chooseTemplate = (id: string) => {
    setTemplate(id);
    // A template's name is a good first title, until the user writes their own.
    if (!titleTouched) {
      const found = templates.data?.find((tpl) => tpl.id === id);
      setTitle(found ? found.title : '');
    }
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const trimmed = title.trim();
    if (trimmed.length > MAX_TITLE) {
      setTitleError(t('validation.maxLength', { count: MAX_TITLE }));
      return;
    }
    if (!trimmed && template === BLANK) {
      setTitleError(t('validation.required'));
      return;
    }
    create.mutate(
      {
        title: trimmed || undefined,
        language: language === 'zh-CN' ? 'zh-CN' : 'en',
        companyId: companyId ?? null,
        templateId: template === BLANK ? undefined : template,
        start: /^\d{4}-\d{2}$/.test(month) ? `${month}-01` : undefined,
      },
      {
        onSuccess: (plan) => {
          notifySuccess(t('plans.created', { title: plan.title }));
          onClose();
          navigate(`/w/${workspaceId}/plans/${plan.id}`);
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={t('plans.new.title')} size="xl">
      <form onSubmit={submit} noValidate data-testid="plan-new-modal">
        <Stack gap="md">
          <Radio.Group
            label={t('plans.new.startFrom')}
            value={template}
            onChange={chooseTemplate}
            name="plan-template"
          >
            {templates.isPending ? (
              <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
                <Skeleton h={96} />
                <Skeleton h={96} />
              </SimpleGrid>
            ) : templates.error ? (
              <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="sm">
                <Radio.Card
                  value={BLANK}
                  className="ml-template-card"
                  data-testid="plan-template-blank"
                  p="sm"
                >
                  <Group wrap="nowrap" align="flex-start" gap="sm">
                    <Radio.Indicator mt={2} />
                    <div>
                      <Text fw={600} size="sm">
                        {t('plans.new.blank')}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('plans.new.blankText')}
                      </Text>
                    </div>
                  </Group>
                </Radio.Card>
                {templates.data.map((tpl) => (
                  <Radio.Card
                    key={tpl.id}
                    value={tpl.id}
                    className="ml-template-card"
                    data-testid={`plan-template-${tpl.id}`}
                    p="sm"
                  >
                    <Group wrap="nowrap" align="flex-start" gap="sm">
                      <Radio.Indicator mt={2} />
                      <div>
                        <Text fw={600} size="sm">
                          {tpl.title}
                        </Text>
                        <Text size="xs" c="dimmed" lineClamp={4}>
                          {tpl.description}
                        </Text>
                      </div>
                    </Group>
                  </Radio.Card>
                ))}
              </SimpleGrid>
            )}
          </Radio.Group>

          <TextInput
            label={t('plans.fields.title')}
            description={template === BLANK ? undefined : t('plans.new.titleFromTemplate')}
            required={template === BLANK}
            maxLength={MAX_TITLE}
            value={title}
            onChange={(e) => {
              setTitle(e.currentTarget.value);
              setTitleTouched(true);
              setTitleError(null);
            }}
            error={titleError}
            data-testid="plan-title-input"
            data-autofocus
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label={t('plans.fields.language')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              description={t('plans.new.languageHelp')}
              data={[
                { value: 'en', label: 'English' },
                { value: 'zh-CN', label: '简体中文' },
              ]}
              value={language}
              onChange={(v) => setLanguage(v ?? 'en')}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-testid="plan-language"
            />
            <Select
              label={t('plans.fields.company')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              description={t('plans.new.companyHelp')}
              placeholder={t('plans.noCompany')}
              data={(companies.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              value={companyId}
              onChange={setCompanyId}
              clearable
              searchable
              nothingFoundMessage={t('common.nothingFound')}
              comboboxProps={{ withinPortal: true }}
              data-testid="plan-company"
            />
            <TextInput
              type="month"
              label={t('plans.fields.startMonth')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              description={t('plans.new.startHelp')}
              value={month}
              onChange={(e) => setMonth(e.currentTarget.value)}
              placeholder="YYYY-MM"
              data-testid="plan-start"
            />
          </SimpleGrid>
          {create.error && (
            <Alert color="red" variant="light" data-testid="plan-create-error">
              {errorMessage(create.error, t)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="plan-create">
              {t('plans.new.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
