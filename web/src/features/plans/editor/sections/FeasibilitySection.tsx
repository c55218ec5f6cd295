import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Collapse,
  Group,
  List,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconAlertTriangle,
  IconCalculator,
  IconCheck,
  IconPlus,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type {
  CriterionExplanation,
  DimensionExplanation,
  FeasibilityAssessment,
} from '../../../../../../src/modules/plans/feasibility';
import type {
  FeasibilityCriterion,
  FeasibilitySection as FeasibilityData,
  FeasibilityDimension,
} from '../../../../../../src/shared/contracts/plan';
import { readinessColor, verdictColor } from '../../status';
import { FEASIBILITY_DIMENSIONS, vocabLabel } from '../../vocab';
import { LabelModeContext, type SectionProps, useFieldState, usePlanEditorContext } from '../context';
import { PNumberInput, PTextarea } from '../fields';
import { formatNumber, newId, patchAt, removeAt } from '../util';

const P = 'sections.feasibility';
const SCORES = ['', '1', '2', '3', '4', '5'];

function assessmentColor(assessment: CriterionExplanation['assessment']) {
  return assessment === 'strength' ? 'teal' : assessment === 'shortcoming' ? 'red' : 'gray';
}

export function FeasibilitySection({ data, edit }: SectionProps<'feasibility'>) {
  const { t } = useTranslation();
  const { analysis, uiLanguage } = usePlanEditorContext();
  const { readOnly } = useFieldState();
  const feasibility = analysis.feasibility;

  const updateCriterion = (
    dimension: FeasibilityDimension,
    index: number,
    patch: Partial<FeasibilityCriterion>,
  ) => edit((p) => withDimension(p, dimension, patchAt(p.dimensions[dimension].criteria, index, patch)));
  const removeCriterion = (dimension: FeasibilityDimension, index: number) =>
    edit((p) => withDimension(p, dimension, removeAt(p.dimensions[dimension].criteria, index)));
  const addCriterion = (dimension: FeasibilityDimension) =>
    edit((p) =>
      withDimension(p, dimension, [
        ...p.dimensions[dimension].criteria,
        { id: newId(dimension), label: '', weight: 1, score: null, note: '' },
      ]),
    );

  return (
    <Stack gap="lg">
      <ScorePanel assessment={feasibility} preview={Boolean(analysis.preview.feasibility)} />
      {FEASIBILITY_DIMENSIONS.map((dimension) => {
        const explained = feasibility.dimensions.find((d) => d.dimension === dimension);
        const criteria = data.dimensions[dimension].criteria;
        return (
          <Paper
            key={dimension}
            withBorder
            p={{ base: 'sm', sm: 'md' }}
            data-testid={`feasibility-dimension-${dimension}`}
          >
            <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
              <Title order={3} fz="md">
                {vocabLabel('dimension', dimension, uiLanguage)}
              </Title>
              <Badge variant="light" color={readinessColor(explained?.readiness)} size="lg">
                {explained?.readiness === null || explained?.readiness === undefined
                  ? t('plans.feasibility.notScored')
                  : t('plans.feasibility.points', { value: formatNumber(explained.readiness, uiLanguage) })}
              </Badge>
            </Group>
            <Stack gap="sm">
              {criteria.map((criterion, index) => (
                <CriterionRow
                  key={criterion.id}
                  dimension={dimension}
                  index={index}
                  criterion={criterion}
                  explanation={explained?.criteria.find((c) => c.id === criterion.id)}
                  onChange={updateCriterion}
                  onRemove={removeCriterion}
                />
              ))}
              {criteria.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('plans.feasibility.noCriteria')}
                </Text>
              )}
              {!readOnly && criteria.length < 12 && (
                <Group>
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    leftSection={<IconPlus size={14} aria-hidden />}
                    onClick={() => addCriterion(dimension)}
                  >
                    {t('plans.feasibility.addCriterion')}
                  </Button>
                </Group>
              )}
            </Stack>
          </Paper>
        );
      })}
      <PTextarea
        path={`${P}.conclusion`}
        label={t('plans.feasibility.conclusion')}
        description={t('plans.feasibility.conclusionHelp')}
        minRows={3}
        value={data.conclusion}
        onChange={(conclusion) => edit((p) => ({ ...p, conclusion }))}
      />
    </Stack>
  );
}

function withDimension(
  section: FeasibilityData,
  dimension: FeasibilityDimension,
  criteria: FeasibilityCriterion[],
): FeasibilityData {
  return { ...section, dimensions: { ...section.dimensions, [dimension]: { criteria } } };
}

function CriterionRow({
  dimension,
  index,
  criterion,
  explanation,
  onChange,
  onRemove,
}: {
  dimension: FeasibilityDimension;
  index: number;
  criterion: FeasibilityCriterion;
  explanation: CriterionExplanation | undefined;
  onChange: (dimension: FeasibilityDimension, index: number, patch: Partial<FeasibilityCriterion>) => void;
  onRemove: (dimension: FeasibilityDimension, index: number) => void;
}) {
  const { t } = useTranslation();
  const { readOnly, issueAt } = useFieldState();
  const path = `${P}.dimensions.${dimension}.criteria[${index}]`;
  const scoreError = issueAt(`${path}.score`);
  const name = criterion.label || t('plans.feasibility.criterionN', { n: index + 1 });
  // The first row carries the visible labels, like a table header; every input keeps its accessible name.
  const first = index === 0;

  return (
    <LabelModeContext.Provider value={first ? 'visible' : 'hidden'}>
      <Box className="ml-criterion" data-testid="feasibility-criterion" data-criterion-id={criterion.id}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <PTextarea
            path={`${path}.label`}
            label={t('plans.feasibility.criterion')}
            ariaLabel={`${t('plans.feasibility.criterion')} ${index + 1}`}
            minRows={1}
            maxRows={4}
            value={criterion.label}
            onChange={(label) => onChange(dimension, index, { label })}
            style={{ flex: '1 1 240px', minWidth: 0 }}
          />
          <PNumberInput
            path={`${path}.weight`}
            label={t('plans.feasibility.weight')}
            ariaLabel={`${t('plans.feasibility.weight')}: ${name}`}
            min={0}
            max={100}
            allowNegative={false}
            value={criterion.weight}
            onChange={(weight) => onChange(dimension, index, { weight: weight ?? 0 })}
            w={76}
          />
          <div>
            {first && (
              <Text component="span" size="sm" fw={500} display="block" mb={4} aria-hidden>
                {t('plans.feasibility.score')}
              </Text>
            )}
            <SegmentedControl
              role="radiogroup"
              aria-label={`${t('plans.feasibility.score')}: ${name}`}
              data={SCORES.map((value) => ({
                value,
                label: value === '' ? <span title={t('plans.feasibility.unscored')}>–</span> : value,
              }))}
              value={criterion.score === null ? '' : String(criterion.score)}
              onChange={(value) => onChange(dimension, index, { score: value === '' ? null : Number(value) })}
              readOnly={readOnly}
              size="sm"
              data-testid={`feasibility-score-${dimension}-${criterion.id}`}
              data-value={criterion.score ?? ''}
              data-path={`${path}.score`}
            />
            {scoreError && (
              <Text size="xs" c="red" mt={4}>
                {scoreError}
              </Text>
            )}
          </div>
          {!readOnly && (
            <Tooltip label={t('plans.feasibility.removeCriterion')} openDelay={400}>
              <ActionIcon
                variant="subtle"
                color="red"
                mb={4}
                aria-label={t('plans.removeNamed', { name })}
                onClick={() => onRemove(dimension, index)}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
        <Group align="flex-start" gap="sm" mt={6} wrap="wrap">
          <PTextarea
            path={`${path}.note`}
            label={t('plans.feasibility.note')}
            ariaLabel={`${t('plans.feasibility.note')}: ${name}`}
            placeholder={t('plans.feasibility.notePlaceholder')}
            minRows={1}
            maxRows={4}
            value={criterion.note}
            onChange={(note) => onChange(dimension, index, { note })}
            size="xs"
            style={{ flex: '1 1 240px', minWidth: 0 }}
          />
          <Contribution explanation={explanation} />
        </Group>
      </Box>
    </LabelModeContext.Provider>
  );
}

/** Why this criterion counts as much as it does: share of the dimension, points, contribution. */
function Contribution({ explanation }: { explanation: CriterionExplanation | undefined }) {
  const { t } = useTranslation();
  const { uiLanguage } = usePlanEditorContext();
  if (!explanation) return null;
  const n = (value: number, digits = 1) => formatNumber(value, uiLanguage, digits);
  let text: string;
  if (explanation.assessment === 'unscored') text = t('plans.feasibility.contribution.unscored');
  else if (explanation.assessment === 'ignored') text = t('plans.feasibility.contribution.ignored');
  else
    text = t('plans.feasibility.contribution.text', {
      share: n(explanation.share * 100, 0),
      points: n(explanation.points ?? 0, 0),
      contribution: n(explanation.contribution),
      overall: n(explanation.overallContribution),
    });
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" style={{ flex: '0 1 340px' }} mt={{ base: 0, sm: 4 }}>
      {(explanation.assessment === 'strength' || explanation.assessment === 'shortcoming') && (
        <Badge size="xs" variant="light" color={assessmentColor(explanation.assessment)}>
          {t(`plans.feasibility.assessment.${explanation.assessment}`)}
        </Badge>
      )}
      <Text size="xs" c="dimmed" data-testid="criterion-contribution">
        {text}
      </Text>
    </Group>
  );
}

function ScorePanel({ assessment, preview }: { assessment: FeasibilityAssessment; preview: boolean }) {
  const { t } = useTranslation();
  const { uiLanguage } = usePlanEditorContext();
  const [methodOpen, method] = useDisclosure(false);
  const [mathOpen, math] = useDisclosure(false);
  const readiness = assessment.readiness;

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'lg' }} data-testid="feasibility-panel" aria-live="polite">
      <Group align="flex-start" gap="lg" wrap="wrap">
        <Stack gap={4} align="center" style={{ minWidth: 120 }}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.04em' }}>
            {t('plans.feasibility.readiness')}
          </Text>
          <Text fz={40} fw={700} lh={1} data-testid="feasibility-readiness" c={readinessColor(readiness)}>
            {readiness === null ? '—' : formatNumber(readiness, uiLanguage)}
          </Text>
          <Text size="xs" c="dimmed">
            {t('plans.feasibility.ofHundred')}
          </Text>
          <Badge
            color={verdictColor(assessment.verdict)}
            variant="filled"
            size="lg"
            mt={4}
            data-testid="feasibility-verdict"
            data-verdict={assessment.verdict}
            style={{ whiteSpace: 'normal', height: 'auto', textAlign: 'center' }}
          >
            {assessment.verdictLabel}
          </Badge>
        </Stack>
        <Stack gap="xs" style={{ flex: '1 1 280px', minWidth: 0 }}>
          <Text size="sm" className="ml-break">
            {assessment.verdictReason}
          </Text>
          {preview && (
            <Text size="xs" c="dimmed" fs="italic">
              {t('plans.feasibility.preview')}
            </Text>
          )}
          <Stack gap={8} mt={4}>
            {assessment.dimensions.map((d) => (
              <DimensionBar key={d.dimension} dimension={d} floor={assessment.rules.dimensionFloor} />
            ))}
          </Stack>
          <Group gap="xs">
            <Button
              variant="subtle"
              size="compact-xs"
              leftSection={<IconCalculator size={14} aria-hidden />}
              onClick={math.toggle}
              aria-expanded={mathOpen}
            >
              {mathOpen ? t('plans.feasibility.hideMath') : t('plans.feasibility.showMath')}
            </Button>
            <Button variant="subtle" size="compact-xs" onClick={method.toggle} aria-expanded={methodOpen}>
              {t('plans.feasibility.howCalculated')}
            </Button>
          </Group>
          <Collapse expanded={mathOpen}>
            <Stack gap={4}>
              {assessment.dimensions.map((d) => (
                <Text key={d.dimension} size="xs" c="dimmed" className="ml-break">
                  {d.explanation}
                </Text>
              ))}
            </Stack>
          </Collapse>
          <Collapse expanded={methodOpen}>
            <Text size="xs" c="dimmed" className="ml-break">
              {assessment.method}
            </Text>
          </Collapse>
        </Stack>
      </Group>

      {assessment.caps.length > 0 && (
        <Alert
          mt="md"
          color="yellow"
          variant="light"
          icon={<IconAlertTriangle size={18} aria-hidden />}
          title={t('plans.feasibility.caps')}
        >
          <List size="sm" spacing={2}>
            {assessment.caps.map((cap) => (
              <List.Item key={cap.dimension}>{cap.text}</List.Item>
            ))}
          </List>
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }} mt="md" spacing="md">
        <Findings
          title={t('plans.feasibility.strengths')}
          empty={t('plans.feasibility.noStrengths')}
          color="teal"
          icon={<IconCheck size={14} aria-hidden />}
          items={assessment.strengths.map((s) => ({ key: s.criterionId, text: s.text }))}
          testId="feasibility-strengths"
        />
        <Findings
          title={t('plans.feasibility.shortcomings')}
          empty={t('plans.feasibility.noShortcomings')}
          color="red"
          icon={<IconX size={14} aria-hidden />}
          items={assessment.shortcomings.map((s) => ({ key: s.criterionId, text: s.text }))}
          testId="feasibility-shortcomings"
        />
      </SimpleGrid>
      <Stack gap={6} mt="md" data-testid="feasibility-recommendations">
        <Text fw={600} size="sm">
          {t('plans.feasibility.recommendations')}
        </Text>
        {assessment.recommendations.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('plans.feasibility.noRecommendations')}
          </Text>
        ) : (
          <Stack gap={6} component="ol" style={{ margin: 0, paddingInlineStart: 20 }}>
            {assessment.recommendations.map((r) => (
              <Text
                component="li"
                key={`${r.criterionId ?? r.dimension}-${r.text.slice(0, 24)}`}
                size="sm"
                className="ml-break"
              >
                <Badge
                  size="xs"
                  variant="light"
                  color={r.priority === 'high' ? 'red' : 'yellow'}
                  mr={6}
                  style={{ verticalAlign: 'middle' }}
                >
                  {t(`plans.feasibility.priority.${r.priority}`)}
                </Badge>
                <Text span size="xs" c="dimmed" mr={6}>
                  {vocabLabel('dimension', r.dimension, uiLanguage)}:
                </Text>
                {r.text}
              </Text>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function DimensionBar({ dimension, floor }: { dimension: DimensionExplanation; floor: number }) {
  const { t } = useTranslation();
  const { uiLanguage } = usePlanEditorContext();
  const value = dimension.readiness;
  const label = vocabLabel('dimension', dimension.dimension, uiLanguage);
  return (
    <div data-testid={`feasibility-bar-${dimension.dimension}`}>
      <Group justify="space-between" gap="xs" mb={2} wrap="nowrap">
        <Text size="xs" fw={500} className="ml-break">
          {label}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {value === null
            ? t('plans.feasibility.notScored')
            : t('plans.feasibility.dimensionValue', {
                value: formatNumber(value, uiLanguage),
                score: formatNumber(dimension.score ?? 0, uiLanguage, 2),
              })}
        </Text>
      </Group>
      <Box pos="relative">
        <Progress
          value={value ?? 0}
          color={readinessColor(value)}
          size="md"
          aria-label={label}
          aria-valuetext={value === null ? t('plans.feasibility.notScored') : `${value} / 100`}
        />
        <Box
          className="ml-floor-mark"
          style={{ left: `${floor}%` }}
          title={t('plans.feasibility.floor', { floor })}
          aria-hidden
        />
      </Box>
    </div>
  );
}

function Findings({
  title,
  empty,
  color,
  icon,
  items,
  testId,
}: {
  title: string;
  empty: string;
  color: string;
  icon: React.ReactNode;
  items: { key: string; text: string }[];
  testId: string;
}) {
  return (
    <Stack gap={6} data-testid={testId}>
      <Text fw={600} size="sm">
        {title}
      </Text>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <List
          size="sm"
          spacing={4}
          icon={
            <ThemeIcon size={18} radius="xl" color={color} variant="light">
              {icon}
            </ThemeIcon>
          }
        >
          {items.map((item) => (
            <List.Item key={item.key} className="ml-break">
              {item.text}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
