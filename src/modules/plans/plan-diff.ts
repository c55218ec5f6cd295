import type {
  PlanDocument,
  PlanLanguage,
  PlanSectionKey,
  PurchaseRoleEntry,
} from '../../shared/contracts/plan';
import { goalName } from './goal-checks';
import {
  BUDGET_CATEGORY_LABELS,
  CADENCE_LABELS,
  CHANNEL_LABELS,
  CHECKLIST_STATUS_LABELS,
  DIMENSION_LABELS,
  EVALUATION_SOURCE_LABELS,
  fill,
  formatNumber,
  GOAL_METRIC_LABELS,
  type Localized,
  l,
  PRIORITY_LABELS,
  PURCHASE_ROLE_LABELS,
  PURPOSE_LABELS,
  REACH_PLACE_LABELS,
  RESEARCH_METHOD_LABELS,
  RISK_CATEGORY_LABELS,
  SECTION_LABELS,
  STAGE_LABELS,
  TASK_STATUS_LABELS,
  WEBSITE_GROUP_LABELS,
} from './labels';

export interface FieldChange {
  /** Dotted path inside the item or section, e.g. 'planned' or 'attributes.income'. */
  field: string;
  label: string;
  before: unknown;
  after: unknown;
  beforeText: string;
  afterText: string;
  /** The whole sentence, e.g. "Budget: line 'Baidu keywords March' planned 8,000 -> 12,000". */
  text: string;
}

export type PlanChange =
  | { kind: 'field'; change: FieldChange; text: string }
  | { kind: 'added' | 'removed'; collection: string; id: string; itemLabel: string; text: string }
  | {
      kind: 'changed';
      collection: string;
      id: string;
      itemLabel: string;
      fields: FieldChange[];
      text: string;
    };

export interface SectionDiff {
  /** 'document' holds the top-level fields (title, language, currency). */
  section: PlanSectionKey | 'document';
  label: string;
  changes: PlanChange[];
}

export interface PlanDiff {
  identical: boolean;
  changeCount: number;
  sections: SectionDiff[];
}

type Item = Record<string, unknown>;

interface Collection {
  section: PlanSectionKey;
  /** Where the array sits inside the section. */
  path: string[];
  key: 'id' | 'channel';
  noun: Localized;
  name: (item: Item, language: PlanLanguage) => string;
}

const str = (field: string) => (item: Item) => String(item[field] ?? '');
const short = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

const COLLECTIONS: Collection[] = [
  ...(['product', 'competition', 'finance', 'people'] as const).map(
    (dimension): Collection => ({
      section: 'feasibility',
      path: ['dimensions', dimension, 'criteria'],
      key: 'id',
      noun: l(
        `${DIMENSION_LABELS[dimension].en.toLowerCase()} criterion`,
        `${DIMENSION_LABELS[dimension]['zh-CN']}标准`,
      ),
      name: str('label'),
    }),
  ),
  {
    section: 'marketResearch',
    path: ['findings'],
    key: 'id',
    noun: l('finding', '调研发现'),
    name: (i) => short(str('text')(i)),
  },
  {
    section: 'marketResearch',
    path: ['competitors'],
    key: 'id',
    noun: l('competitor', '竞争对手'),
    name: str('name'),
  },
  {
    section: 'positioning',
    path: ['segments'],
    key: 'id',
    noun: l('segment', '目标客户群'),
    name: str('name'),
  },
  {
    section: 'goals',
    path: ['items'],
    key: 'id',
    noun: l('goal', '目标'),
    name: (i, language) => goalName(i as Parameters<typeof goalName>[0], language),
  },
  {
    section: 'channels',
    path: ['selected'],
    key: 'channel',
    noun: l('channel', '渠道'),
    name: (i, language) =>
      CHANNEL_LABELS[i.channel as keyof typeof CHANNEL_LABELS]?.[language] ?? String(i.channel),
  },
  { section: 'website', path: ['items'], key: 'id', noun: l('checklist item', '检查项'), name: str('label') },
  { section: 'budget', path: ['lines'], key: 'id', noun: l('line', '条目'), name: str('label') },
  { section: 'implementation', path: ['tasks'], key: 'id', noun: l('task', '任务'), name: str('title') },
  {
    section: 'implementation',
    path: ['milestones'],
    key: 'id',
    noun: l('milestone', '里程碑'),
    name: str('title'),
  },
  { section: 'evaluation', path: ['metrics'], key: 'id', noun: l('metric', '评估指标'), name: str('metric') },
  { section: 'risks', path: ['items'], key: 'id', noun: l('risk', '风险'), name: str('title') },
];

const FIELD_LABELS: Record<string, Localized> = {
  title: l('title', '标题'),
  language: l('language', '语言'),
  currency: l('currency', '币种'),
  purposes: l('purposes', '策划目的'),
  otherPurpose: l('other purpose', '其他目的'),
  horizon: l('period', '计划期'),
  start: l('start', '开始日期'),
  end: l('end', '结束日期'),
  markets: l('markets', '目标市场'),
  companyId: l('company', '所属企业'),
  summary: l('summary', '概述'),
  conclusion: l('conclusion', '结论'),
  label: l('label', '名称'),
  weight: l('weight', '权重'),
  score: l('score', '评分'),
  note: l('note', '备注'),
  notes: l('notes', '备注'),
  questions: l('research questions', '调研问题'),
  methods: l('methods', '调研方法'),
  otherMethod: l('other method', '其他方法'),
  text: l('text', '内容'),
  source: l('source', '来源'),
  url: l('URL', '网址'),
  name: l('name', '名称'),
  website: l('website', '网站'),
  channelsSeen: l('channels seen', '已使用渠道'),
  strengths: l('strengths', '优势'),
  weaknesses: l('weaknesses', '劣势'),
  statement: l('positioning statement', '定位陈述'),
  attributes: l('attributes', '特征'),
  occupation: l('occupation', '职业'),
  income: l('income', '收入'),
  ageRange: l('age', '年龄'),
  level: l('level', '层次'),
  consumptionHabits: l('consumption habits', '消费习惯'),
  region: l('region', '地区'),
  estimatedSize: l('estimated size', '估计规模'),
  priority: l('priority', '优先级'),
  purchaseRoles: l('purchase roles', '购买角色'),
  metric: l('metric', '指标'),
  customMetric: l('metric name', '指标名称'),
  unit: l('unit', '单位'),
  baseline: l('baseline', '基准值'),
  target: l('target', '目标值'),
  deadline: l('deadline', '截止日期'),
  stage: l('stage', '阶段'),
  channel: l('channel', '渠道'),
  segmentId: l('segment', '目标客户群'),
  strategy: l('strategy', '策略'),
  objective: l('objective', '目的'),
  rates: l('rates', '参数'),
  group: l('group', '分组'),
  status: l('status', '状态'),
  owner: l('owner', '负责人'),
  category: l('category', '类别'),
  month: l('month', '月份'),
  planned: l('planned', '计划金额'),
  generatedAt: l('generated at', '生成时间'),
  forecast: l('forecast', '预测结果'),
  dependsOn: l('depends on', '前置任务'),
  deliverable: l('deliverable', '交付成果'),
  date: l('date', '日期'),
  goalId: l('goal', '目标'),
  cadence: l('cadence', '频率'),
  adjustmentCriterion: l('adjustment criterion', '调整标准'),
  likelihood: l('likelihood', '可能性'),
  impact: l('impact', '影响'),
  mitigation: l('mitigation', '应对措施'),
};

// Enum values shown by their label; fields sharing a name share values that never clash.
const VALUE_LABELS: Record<string, Record<string, Localized>> = {
  purposes: PURPOSE_LABELS,
  methods: RESEARCH_METHOD_LABELS,
  priority: PRIORITY_LABELS,
  metric: GOAL_METRIC_LABELS,
  channel: CHANNEL_LABELS,
  channelsSeen: CHANNEL_LABELS,
  group: WEBSITE_GROUP_LABELS,
  status: {
    ...CHECKLIST_STATUS_LABELS,
    ...TASK_STATUS_LABELS,
    not_forecast: l('not forecast', '未预测'),
    forecast: l('forecast', '已预测'),
  },
  category: { ...RISK_CATEGORY_LABELS, ...BUDGET_CATEGORY_LABELS },
  stage: STAGE_LABELS,
  source: EVALUATION_SOURCE_LABELS,
  cadence: CADENCE_LABELS,
  role: PURCHASE_ROLE_LABELS,
  reachedAt: REACH_PLACE_LABELS,
  language: { en: l('English', '英文'), 'zh-CN': l('Simplified Chinese', '简体中文') },
};

const TEXT = {
  document: l('Plan', '计划'),
  field: l('{section}: {field} {before} -> {after}', '{section}：{field} {before} → {after}'),
  itemField: l(
    '{section}: {noun} {name} {field} {before} -> {after}',
    '{section}：{noun}{name}的{field} {before} → {after}',
  ),
  added: l('{section}: {noun} {name} added', '{section}：新增{noun}{name}'),
  removed: l('{section}: {noun} {name} removed', '{section}：删除{noun}{name}'),
  none: l('(none)', '（无）'),
  changed: l('changed', '已更新'),
};

const quote = (text: string, language: PlanLanguage) => (language === 'en' ? `'${text}'` : `“${text}”`);
const isPlainObject = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPrimitiveList = (v: unknown): v is (string | number)[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number');

/** Key-order-independent JSON, so two equal objects built in different orders compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

function fieldLabel(path: string[], language: PlanLanguage): string {
  return path.map((part) => FIELD_LABELS[part]?.[language] ?? part).join(language === 'en' ? ' ' : '');
}

function formatValue(value: unknown, field: string, language: PlanLanguage): string {
  if (value === null || value === undefined || value === '') return TEXT.none[language];
  const labels = VALUE_LABELS[field];
  if (typeof value === 'string') return labels?.[value]?.[language] ?? quote(short(value), language);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (isPrimitiveList(value)) {
    if (value.length === 0) return TEXT.none[language];
    return value.map((v) => formatValue(v, field, language)).join(language === 'en' ? ', ' : '、');
  }
  if (field === 'purchaseRoles' && Array.isArray(value)) {
    return (value as PurchaseRoleEntry[])
      .map(
        (r) =>
          `${PURCHASE_ROLE_LABELS[r.role][language]}: ${formatValue(r.reachedAt, 'reachedAt', language)}`,
      )
      .join('; ');
  }
  return short(canonical(value));
}

/** Leaf-level differences of two values; lists of plain values are sets, so reordering is not a change. */
function diffValues(
  before: unknown,
  after: unknown,
  path: string[],
  skip: (path: string[]) => boolean,
): [string[], unknown, unknown][] {
  if (skip(path)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
    return keys.flatMap((key) => diffValues(before[key], after[key], [...path, key], skip));
  }
  if (isPrimitiveList(before) && isPrimitiveList(after)) {
    const a = [...before].map(String).sort();
    const b = [...after].map(String).sort();
    return canonical(a) === canonical(b) ? [] : [[path, before, after]];
  }
  return canonical(before) === canonical(after) ? [] : [[path, before, after]];
}

function getAt(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, key) => (isPlainObject(v) ? v[key] : undefined), value);
}

/**
 * What changed between two versions of a plan, per section, in sentences a reader can follow.
 * Items are matched by id (channels by their key), so reordering a list is not a change.
 */
export function diffPlans(before: PlanDocument, after: PlanDocument, language: PlanLanguage): PlanDiff {
  const sections: SectionDiff[] = [];
  const t = (text: Localized, values: Record<string, string>) => fill(text[language], values);

  const fieldChange = (
    sectionLabel: string,
    path: string[],
    b: unknown,
    a: unknown,
    item?: { noun: string; name: string },
  ): FieldChange => {
    const last = path[path.length - 1];
    const label = fieldLabel(path, language);
    const beforeText = formatValue(b, last, language);
    const afterText = formatValue(a, last, language);
    const values = { section: sectionLabel, field: label, before: beforeText, after: afterText };
    return {
      field: path.join('.'),
      label,
      before: b,
      after: a,
      beforeText,
      afterText,
      text: item ? t(TEXT.itemField, { ...values, ...item }) : t(TEXT.field, values),
    };
  };

  const documentLabel = TEXT.document[language];
  const topLevel = (['title', 'language', 'currency'] as const).flatMap((key) =>
    diffValues(before[key], after[key], [key], () => false),
  );
  if (topLevel.length > 0) {
    sections.push({
      section: 'document',
      label: documentLabel,
      changes: topLevel.map(([path, b, a]) => {
        const change = fieldChange(documentLabel, path, b, a);
        return { kind: 'field', change, text: change.text };
      }),
    });
  }

  for (const section of Object.keys(SECTION_LABELS) as PlanSectionKey[]) {
    const label = SECTION_LABELS[section][language];
    const b = before.sections[section] as unknown;
    const a = after.sections[section] as unknown;
    const changes: PlanChange[] = [];
    const collections = COLLECTIONS.filter((c) => c.section === section);

    if (section === 'effectPrediction') {
      // A forecast is replaced whole by the engine; its thousands of figures are not a readable diff.
      const fields = diffValues(
        { status: getAt(b, ['status']), generatedAt: getAt(b, ['generatedAt']) },
        { status: getAt(a, ['status']), generatedAt: getAt(a, ['generatedAt']) },
        [],
        () => false,
      );
      if (fields.length === 0 && canonical(b) !== canonical(a))
        fields.push([['forecast'], TEXT.changed[language], TEXT.changed[language]]);
      for (const [path, vb, va] of fields) {
        const change = fieldChange(label, path, vb, va);
        changes.push({ kind: 'field', change, text: change.text });
      }
    } else {
      const isCollection = (path: string[]) => collections.some((c) => canonical(c.path) === canonical(path));
      for (const [path, vb, va] of diffValues(b, a, [], isCollection)) {
        const change = fieldChange(label, path, vb, va);
        changes.push({ kind: 'field', change, text: change.text });
      }
    }

    for (const collection of collections) {
      const beforeItems = (getAt(b, collection.path) as Item[] | undefined) ?? [];
      const afterItems = (getAt(a, collection.path) as Item[] | undefined) ?? [];
      const key = (item: Item) => String(item[collection.key]);
      const beforeById = new Map(beforeItems.map((item) => [key(item), item]));
      const afterIds = new Set(afterItems.map(key));
      const noun = collection.noun[language];
      const collectionName = collection.path.join('.');

      for (const item of afterItems) {
        const id = key(item);
        const name = collection.name(item, language);
        const item0 = beforeById.get(id);
        const names = { section: label, noun, name: quote(name, language) };
        if (!item0) {
          changes.push({
            kind: 'added',
            collection: collectionName,
            id,
            itemLabel: name,
            text: t(TEXT.added, names),
          });
          continue;
        }
        const fields = diffValues(
          item0,
          item,
          [],
          (path) => path.length === 1 && path[0] === collection.key,
        ).map(([path, vb, va]) => fieldChange(label, path, vb, va, { noun, name: quote(name, language) }));
        if (fields.length > 0) {
          changes.push({
            kind: 'changed',
            collection: collectionName,
            id,
            itemLabel: name,
            fields,
            text: fields.map((f) => f.text).join('\n'),
          });
        }
      }
      for (const item of beforeItems) {
        const id = key(item);
        if (afterIds.has(id)) continue;
        const name = collection.name(item, language);
        changes.push({
          kind: 'removed',
          collection: collectionName,
          id,
          itemLabel: name,
          text: t(TEXT.removed, { section: label, noun, name: quote(name, language) }),
        });
      }
    }
    if (changes.length > 0) sections.push({ section, label, changes });
  }

  const changeCount = sections.reduce((sum, s) => sum + s.changes.length, 0);
  return { identical: changeCount === 0, changeCount, sections };
}
