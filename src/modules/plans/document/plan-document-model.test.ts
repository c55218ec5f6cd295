import { describe, expect, it } from 'vitest';
import type { PlanSectionKey } from '../../../shared/contracts/plan';
import { SECTION_LABELS } from '../labels';
import { blankPlan } from '../templates';
import { hostilePlan, modelOf, PAYLOADS, templatePlan, withForecast } from './plan-document.fixtures';
import { type Block, formatDate, formatMonth, safeFileBaseName } from './plan-document-model';

const SECTION_KEYS = Object.keys(SECTION_LABELS) as PlanSectionKey[];
const allText = (blocks: Block[]) => JSON.stringify(blocks);

describe('plan document model', () => {
  it.each(['en', 'zh-CN'] as const)(
    'has a cover, contents and all twelve sections in order (%s)',
    (language) => {
      const model = modelOf(templatePlan(language));
      expect(model.language).toBe(language);
      expect(model.chapters.map((c) => c.title)).toEqual([
        ...SECTION_KEYS.map((key) => SECTION_LABELS[key][language]),
        language === 'en' ? 'Appendix: budget lines' : '附录：预算明细',
      ]);
      expect(model.chapters.map((c) => c.number)).toEqual([
        ...SECTION_KEYS.map((_, i) => String(i + 1)),
        'A',
      ]);
      expect(model.cover.company).toBe('Leaf & Cup Ltd');
      expect(model.cover.facts.map((f) => f.value)).toContain(language === 'en' ? 'In review' : '审阅中');
      expect(model.cover.facts.map((f) => f.value)).toContain(
        language === 'en' ? '1 Jan 2027 – 31 Dec 2027' : '2027年1月1日至2027年12月31日',
      );
    },
  );

  it('draws the three charts as SVG: budget by month, KPI targets and the Gantt timeline', () => {
    const model = modelOf(templatePlan('en'));
    const charts = model.chapters.flatMap((c) => c.blocks.filter((b) => b.kind === 'chart'));
    expect(charts.map((c) => c.kind === 'chart' && c.chart.id)).toEqual([
      'kpi-targets',
      'budget-by-month',
      'gantt',
    ]);
    for (const chart of charts) {
      if (chart.kind !== 'chart') continue;
      expect(chart.chart.svg).toMatch(/^<svg role="img" aria-label="[^"]+" width="660"/);
      expect(chart.chart.svg).not.toMatch(/<style|zr\d+-|ecmeta_/);
    }
  });

  it('is deterministic: the same plan and meta give the same model', () => {
    const doc = templatePlan('zh-CN');
    expect(JSON.stringify(modelOf(doc))).toBe(JSON.stringify(modelOf(doc)));
  });

  it('says clearly that no forecast has been made, and never shows numbers for it', () => {
    for (const language of ['en', 'zh-CN'] as const) {
      const chapter = modelOf(templatePlan(language)).chapters.find(
        (c) => c.id === 'section-effectPrediction',
      )!;
      expect(chapter.blocks).toHaveLength(1);
      const [callout] = chapter.blocks;
      expect(callout).toMatchObject({ kind: 'callout', tone: 'info' });
      expect(allText(chapter.blocks)).toMatch(
        language === 'en' ? /No forecast has been made yet/ : /尚未进行效果预测/,
      );
      expect(allText(chapter.blocks)).not.toMatch(/\d/);
    }
  });

  it('shows a stored forecast as likely values with 10th-90th percentile ranges', () => {
    const doc = withForecast(templatePlan('en', 'ecommerce-tea'));
    const chapter = modelOf(doc).chapters.find((c) => c.id === 'section-effectPrediction')!;
    const tables = chapter.blocks.filter((b) => b.kind === 'table');
    expect(tables.length).toBe(3);
    const direct = tables[0];
    if (direct.kind !== 'table') throw new Error('expected a table');
    expect(direct.columns.map((c) => c.header)).toEqual(['Figure', 'Likely', 'Range (p10–p90)']);
    const revenue = direct.rows.find((row) => row[0] === 'Revenue')!;
    expect(revenue[2]).toMatch(/^[\d,.]+ – [\d,.]+$/);
    expect(allText(chapter.blocks)).toContain('200 simulations, seed 7');
  });

  it('writes every fixed text in Chinese for a Chinese plan', () => {
    const model = modelOf(templatePlan('zh-CN'));
    const text = JSON.stringify({
      ...model,
      chapters: model.chapters.map((c) => ({ ...c, blocks: c.blocks.filter((b) => b.kind !== 'chart') })),
    });
    for (const english of [
      'Contents',
      'Budget',
      'Total',
      'Owner',
      'Figure',
      'Page',
      'Verdict',
      'Milestone',
      'Deadline',
    ]) {
      expect(text).not.toContain(`"${english}`);
    }
    expect(model.contentsTitle).toBe('目录');
    expect(model.text.pageOf).toBe('第 {page} 页，共 {pages} 页');
  });

  it('keeps what the user typed as plain text (renderers escape it), including in chart labels', () => {
    const model = modelOf(hostilePlan('en'), { companyName: PAYLOADS.company });
    expect(model.title).toBe(PAYLOADS.title);
    expect(model.cover.company).toBe(PAYLOADS.company);
    const gantt = model.chapters
      .flatMap((c) => c.blocks)
      .find((b) => b.kind === 'chart' && b.chart.id === 'gantt');
    if (gantt?.kind !== 'chart') throw new Error('expected the Gantt chart');
    // echarts escapes chart text itself; a raw tag would execute when the SVG is inlined in HTML.
    expect(gantt.chart.svg).not.toContain('<script');
    expect(gantt.chart.svg).toContain('&lt;script&gt;alert(4)&lt;/script&gt;');
    const kpi = model.chapters
      .flatMap((c) => c.blocks)
      .find((b) => b.kind === 'chart' && b.chart.id === 'kpi-targets');
    if (kpi?.kind !== 'chart') throw new Error('expected the KPI chart');
    expect(kpi.chart.svg).not.toContain('<svg onload');
  });

  it('renders a blank plan without inventing content', () => {
    const doc = blankPlan({ title: 'Blank', language: 'en', currency: 'EUR', start: '2027-01-01' });
    const model = modelOf(doc, { companyName: null });
    expect(model.chapters).toHaveLength(12);
    expect(model.chapters.flatMap((c) => c.blocks).some((b) => b.kind === 'chart')).toBe(false);
    const goals = model.chapters.find((c) => c.id === 'section-goals')!;
    expect(allText(goals.blocks)).toContain('Nothing has been recorded in this section yet.');
    expect(model.cover.verdict).toBeNull();
  });

  it('formats dates, months and file names the same on every server', () => {
    expect(formatDate('2027-03-09', 'en')).toBe('9 Mar 2027');
    expect(formatDate('2027-03-09', 'zh-CN')).toBe('2027年3月9日');
    expect(formatMonth('2027-11', 'en')).toBe('Nov 2027');
    expect(formatMonth('2027-11', 'zh-CN', true)).toBe('11月');
    expect(safeFileBaseName('Leaf & Cup: "Spring" plan / 2027')).toBe('Leaf-Cup-Spring-plan-2027');
    expect(safeFileBaseName('网络营销方案：茶叶')).toBe('网络营销方案-茶叶');
    expect(safeFileBaseName('../../etc/passwd')).toBe('etc-passwd');
    expect(safeFileBaseName('<>')).toBe('plan');
  });
});
