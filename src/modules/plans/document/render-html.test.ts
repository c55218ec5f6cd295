import { describe, expect, it } from 'vitest';
import type { PlanSectionKey } from '../../../shared/contracts/plan';
import { SECTION_LABELS } from '../labels';
import { hostilePlan, modelOf, PAYLOADS, templatePlan } from './plan-document.fixtures';
import { cssString, escapeHtml, renderPlanHtml } from './render-html';

const SECTION_KEYS = Object.keys(SECTION_LABELS) as PlanSectionKey[];

describe('plan HTML', () => {
  const hostile = renderPlanHtml(modelOf(hostilePlan('en'), { companyName: PAYLOADS.company }));

  it('shows every payload a user typed as text, never as markup', () => {
    expect(hostile).not.toMatch(/<script|<iframe|<img|<b>bold|<svg onload/i);
    for (const payload of Object.values(PAYLOADS)) {
      expect(hostile).toContain(escapeHtml(payload).replace(/\n/g, '<br>'));
    }
    // The title also sits in the running header's CSS string: it must not be able to close the style element.
    expect(hostile.match(/<style>/g)).toHaveLength(1);
    expect(hostile.match(/<\/style>/g)).toHaveLength(1);
    expect(hostile).not.toMatch(/<[a-z][^>]*\son\w+=/i);
  });

  it('is standalone and print-ready: A4 pages, a page break before each section, a CSP that forbids loading anything', () => {
    const html = renderPlanHtml(modelOf(templatePlan('en')));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('size: A4');
    expect(html).toMatch(/\.chapter \{ break-before: page/);
    expect(html).toContain('table.data tr { break-inside: avoid');
    expect(html).toContain('WenQuanYi Micro Hei');
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"`,
    );
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain('counter(page)');
  });

  it.each(['en', 'zh-CN'] as const)(
    'contains the cover, contents, all sections and the not-forecast notice (%s)',
    (language) => {
      const html = renderPlanHtml(modelOf(templatePlan(language)));
      expect(html).toContain(`<html lang="${language}">`);
      for (const key of SECTION_KEYS) {
        expect(html).toContain(`<section class="chapter" id="section-${key}">`);
        expect(html).toContain(escapeHtml(SECTION_LABELS[key][language]));
      }
      expect(html).toContain(language === 'en' ? 'No forecast has been made yet' : '尚未进行效果预测');
      expect(html).toContain(language === 'en' ? '>Contents<' : '>目录<');
      expect(html.match(/<figure class="chart"><svg /g)).toHaveLength(3);
      expect(html).toContain(language === 'en' ? 'Figure 3.' : '图 3');
    },
  );

  it('prints the contents page numbers once the PDF pass has found them', () => {
    const model = modelOf(templatePlan('en'));
    const pages = Object.fromEntries(model.chapters.map((c, i) => [c.id, i + 3]));
    const html = renderPlanHtml(model, { tocPageNumbers: pages });
    expect(html).toContain('<span class="toc-title">Purpose and scope</span><span class="toc-page">3</span>');
  });

  it('escapes CSS strings completely', () => {
    expect(cssString('Plan A')).toBe('"Plan A"');
    expect(cssString('"</style>')).toBe('"\\22 \\3c \\2f style\\3e "');
    expect(cssString('计划')).toBe('"\\8ba1 \\5212 "');
  });
});
