import { describe, expect, it } from 'vitest';
import type { PlanSectionKey } from '../../../shared/contracts/plan';
import { SECTION_LABELS } from '../labels';
import { hostilePlan, modelOf, PAYLOADS, readZip, TINY_PNG, templatePlan } from './plan-document.fixtures';
import { renderPlanDocx } from './render-docx';
import { PdfRendererUnavailableError } from './render-pdf';

const SECTION_KEYS = Object.keys(SECTION_LABELS) as PlanSectionKey[];
const stubPictures = async (charts: readonly { id: string }[]) =>
  new Map(charts.map((c) => [c.id, TINY_PNG]));
/** Word splits text into runs; joining the <w:t> texts gives what a reader sees. */
const visibleText = (xml: string) =>
  [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

describe('plan DOCX', () => {
  it.each(['en', 'zh-CN'] as const)(
    'is a Word package with headings, a TOC field, tables and the charts (%s)',
    async (language) => {
      const docx = await renderPlanDocx(modelOf(templatePlan(language)), { rasterize: stubPictures });
      expect(docx.subarray(0, 2).toString()).toBe('PK');
      const files = readZip(docx);
      const xml = files.get('word/document.xml')!.toString('utf8');
      const text = visibleText(xml);
      for (const key of SECTION_KEYS) expect(text).toContain(SECTION_LABELS[key][language]);
      expect(xml).toMatch(/<w:pStyle w:val="Heading1"\/>/);
      expect(xml).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-1&quot;<\/w:instrText>/);
      // The entries are written with their page numbers, so no application has to update the field first.
      expect(xml.match(/PAGEREF _Toc\d+ \\h<\/w:instrText>.{0,80}/)?.[0]).toContain(
        '<w:t xml:space="preserve">3</w:t>',
      );
      expect(xml).toMatch(/<w:tblHeader\/>/);
      expect(xml).toMatch(/<w:cantSplit\/>/);
      // Table text: a task of the template and a budget figure.
      const task = templatePlan(language).sections.implementation.tasks[0].title;
      expect(text).toContain(task);
      expect(text).toContain(language === 'en' ? 'No forecast has been made yet' : '尚未进行效果预测');
      const media = [...files.keys()].filter((name) => name.startsWith('word/media/'));
      expect(media.filter((name) => name.endsWith('.svg'))).toHaveLength(3);
      // Each chart is an SVG picture with a PNG fallback (the stub's PNGs are identical, so stored once).
      expect(xml.match(/<asvg:svgBlip /g)).toHaveLength(3);
      expect(media.some((name) => name.endsWith('.png'))).toBe(true);
      expect(files.get('word/styles.xml')!.toString('utf8')).toContain('w:eastAsia="Microsoft YaHei"');
    },
  );

  it('keeps typed markup as text', async () => {
    const docx = await renderPlanDocx(modelOf(hostilePlan('en'), { companyName: PAYLOADS.company }), {
      rasterize: stubPictures,
      pageNumbers: false,
    });
    const xml = readZip(docx).get('word/document.xml')!.toString('utf8');
    expect(xml).not.toMatch(/<script|<img|<iframe/);
    expect(xml).toContain('&lt;script&gt;alert(4)&lt;/script&gt; Launch');
  });

  it('still renders without Chromium, naming the charts it could not draw', async () => {
    const docx = await renderPlanDocx(modelOf(templatePlan('en')), {
      rasterize: async () => {
        throw new PdfRendererUnavailableError('test');
      },
      pageNumbers: false,
    });
    const files = readZip(docx);
    expect([...files.keys()].some((name) => name.startsWith('word/media/'))).toBe(false);
    expect(visibleText(files.get('word/document.xml')!.toString('utf8'))).toContain(
      'Chart not included here: Timeline of tasks and milestones. The HTML version shows it.',
    );
  });
});
