import { describe, expect, it } from 'vitest';
import type { PlanSectionKey } from '../../../shared/contracts/plan';
import { SECTION_LABELS } from '../labels';
import { hostilePlan, modelOf, PAYLOADS, templatePlan } from './plan-document.fixtures';
import { escapeMarkdown, renderPlanMarkdown } from './render-markdown';

const SECTION_KEYS = Object.keys(SECTION_LABELS) as PlanSectionKey[];

describe('plan Markdown', () => {
  it.each(['en', 'zh-CN'] as const)(
    'has every section, the charts note and the not-forecast notice (%s)',
    (language) => {
      const md = renderPlanMarkdown(modelOf(templatePlan(language)));
      SECTION_KEYS.forEach((key, i) => {
        expect(md).toContain(`\n## ${i + 1} ${SECTION_LABELS[key][language]}\n`);
      });
      expect(md).toContain(
        language === 'en'
          ? 'Charts are not included in this Markdown version'
          : '由于 Markdown 无法通用地嵌入矢量图形',
      );
      expect(md).toContain(language === 'en' ? 'No forecast has been made yet' : '尚未进行效果预测');
      expect(md).not.toContain('<svg');
    },
  );

  it('keeps typed markup as text and table rows intact', () => {
    const md = renderPlanMarkdown(modelOf(hostilePlan('en'), { companyName: PAYLOADS.company }));
    expect(md).not.toMatch(/(?<!\\)<(script|img|iframe|b|svg)\b/i);
    expect(md).not.toMatch(/[^\\]\[link\]/);
    // Every row of a table keeps its column count although a label contains a pipe.
    const appendix = md.slice(md.indexOf('## A '));
    const rows = appendix.split('\n').filter((line) => line.startsWith('| '));
    const cells = (line: string) => line.split(/(?<!\\)\|/).length;
    expect(new Set(rows.map(cells)).size).toBe(1);
    expect(appendix).toContain('Ads \\| \\<b\\>bold\\</b\\> \\[link\\](javascript:alert(6))');
  });

  it('escapes block markers only where they start a block', () => {
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
    expect(escapeMarkdown('58.6 / 100')).toBe('58.6 / 100');
    expect(escapeMarkdown('---')).toBe('\\---');
    expect(escapeMarkdown('a-b *c* _d_ `e`')).toBe('a-b \\*c\\* \\_d\\_ \\`e\\`');
  });
});
