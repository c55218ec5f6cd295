import type { PlanLanguage } from '../../../shared/contracts/plan';
import { fill } from '../labels';
import type { Block, PlanDocumentModel, TableColumn, Tone } from './plan-document-model';

export interface HtmlRenderOptions {
  /** Page on which each chapter starts (by chapter id), known after a first PDF pass; shown in the contents. */
  tocPageNumbers?: Readonly<Record<string, number>>;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text -> HTML text or attribute value; every string from a plan goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Multi-line text keeps its line breaks without letting any markup through. */
const escapeLines = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

/**
 * Text -> a CSS string literal. Everything but letters, digits and spaces becomes a hex escape, so a title
 * can neither close the string nor the style element (`</style>` never appears literally).
 */
export function cssString(text: string): string {
  let out = '"';
  for (const char of text) {
    if (/[A-Za-z0-9 ]/.test(char)) out += char;
    else out += `\\${char.codePointAt(0)!.toString(16)} `;
  }
  return `${out}"`;
}

// Latin faces first for English, CJK first for Chinese so full-width punctuation comes from a CJK font.
const LATIN_FONTS = "'Liberation Sans', Arial, 'Helvetica Neue', Helvetica";
const CJK_FONTS =
  "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'SimHei'";
export const fontStack = (language: PlanLanguage) =>
  language === 'zh-CN'
    ? `${CJK_FONTS}, ${LATIN_FONTS}, sans-serif`
    : `${LATIN_FONTS}, ${CJK_FONTS}, sans-serif`;

/** "Page {page} of {pages}" -> a CSS `content` value with the page counters. */
function pageCounterContent(template: string): string {
  return template
    .split(/(\{page\}|\{pages\})/)
    .filter(Boolean)
    .map((part) =>
      part === '{page}' ? 'counter(page)' : part === '{pages}' ? 'counter(pages)' : cssString(part),
    )
    .join(' ');
}

function styles(model: PlanDocumentModel): string {
  const zh = model.language === 'zh-CN';
  return `
@page {
  size: A4;
  margin: 20mm 17mm 18mm 17mm;
  @top-left { content: ${cssString(model.runningHeader)}; font: 8pt ${fontStack(model.language)}; color: #5f6b7a; vertical-align: bottom; padding-bottom: 3mm; }
  @top-right { content: ${cssString(model.runningStatus)}; font: 8pt ${fontStack(model.language)}; color: #5f6b7a; vertical-align: bottom; padding-bottom: 3mm; }
  @bottom-right { content: ${pageCounterContent(model.text.pageOf)}; font: 8pt ${fontStack(model.language)}; color: #5f6b7a; vertical-align: top; padding-top: 3mm; }
}
@page :first {
  @top-left { content: none; }
  @top-right { content: none; }
  @bottom-right { content: none; }
}
:root { --ink: #1f2933; --muted: #5f6b7a; --navy: #16325c; --accent: #2a6fb0; --line: #d5dde6; --soft: #f3f6f9; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); font-family: ${fontStack(model.language)}; font-size: 10pt; line-height: ${zh ? 1.7 : 1.5}; ${zh ? '' : 'hyphens: auto;'} }
@media screen {
  html { background: #e9edf2; }
  body { max-width: 210mm; margin: 24px auto; padding: 18mm 17mm; background: #fff; box-shadow: 0 1px 8px rgba(0,0,0,.12); }
  .cover { min-height: 250mm; height: auto; }
  .toc, .chapter { margin-top: 12mm; padding-top: 8mm; border-top: 1px dashed var(--line); }
}
h1, h2, h3 { color: var(--navy); line-height: 1.25; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 19pt; margin: 0 0 6mm; padding-bottom: 2.5mm; border-bottom: 1.5pt solid var(--navy); }
h1 .num { color: var(--accent); margin-right: 3mm; }
h2 { font-size: 12.5pt; margin: 7mm 0 2.5mm; }
h3 { font-size: 10.5pt; margin: 5mm 0 2mm; color: var(--ink); }
p { margin: 0 0 2.5mm; orphans: 3; widows: 3; }
h2 + p.muted, h3 + p.muted { break-after: avoid; page-break-after: avoid; }
p.lead { font-size: 11pt; }
p.muted, .muted { color: var(--muted); font-size: 8.5pt; }
ul, ol { margin: 0 0 3mm; padding-left: 6mm; }
li { margin-bottom: 1.2mm; break-inside: avoid; }
a { color: inherit; text-decoration: none; }

/* Cover */
.cover { display: flex; flex-direction: column; height: 255mm; break-after: page; page-break-after: always; }
.cover-band { background: var(--navy); color: #fff; padding: 9mm 10mm; border-radius: 1.5mm; }
.cover-kicker { margin: 0; font-size: 10pt; letter-spacing: ${zh ? '0.2em' : '0.14em'}; text-transform: uppercase; opacity: .85; }
.cover-title { margin: 30mm 0 0; font-size: 27pt; line-height: 1.2; color: var(--navy); border: 0; padding: 0; overflow-wrap: anywhere; }
.cover-company { margin: 5mm 0 0; font-size: 14pt; color: var(--muted); }
.cover-verdict { display: inline-block; margin-top: 9mm; padding: 2mm 4mm; border-left: 2.5pt solid var(--accent); border-radius: 0 1.2mm 1.2mm 0; font-size: 10.5pt; font-weight: bold; }
.cover-spacer { flex: 1; }
.cover-facts { width: 100%; border-collapse: collapse; font-size: 10pt; border-top: 1.5pt solid var(--navy); }
.cover-facts th { text-align: left; font-weight: normal; color: var(--muted); width: 34%; padding: 2.2mm 0; border-bottom: .5pt solid var(--line); }
.cover-facts td { padding: 2.2mm 0; border-bottom: .5pt solid var(--line); }
.cover-footer { margin: 5mm 0 0; font-size: 8.5pt; color: var(--muted); }

/* Contents and summary */
.toc { break-after: avoid; }
.toc h1, .summary h1 { font-size: 17pt; }
.toc ol { list-style: none; margin: 0 0 6mm; padding: 0; }
.toc li { margin: 0; border-bottom: .5pt dotted var(--line); }
.toc a { display: flex; align-items: baseline; gap: 3mm; padding: 1.1mm 0; line-height: 1.4; }
.toc .toc-num { width: 8mm; color: var(--accent); font-weight: bold; text-align: right; }
.toc .toc-title { flex: 1; }
.toc .toc-page { color: var(--muted); min-width: 8mm; text-align: right; }
.summary { margin-top: 4mm; }

/* Chapters */
.chapter { break-before: page; page-break-before: always; }

/* Key figures */
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; margin: 0 0 5mm; break-inside: avoid; }
.figure-tile { border: .5pt solid var(--line); border-top: 2pt solid var(--accent); border-radius: 1mm; padding: 2.5mm 3mm; background: var(--soft); }
.figure-tile .label { font-size: 8pt; color: var(--muted); }
.figure-tile .value { font-size: 13pt; font-weight: bold; color: var(--navy); margin-top: .8mm; overflow-wrap: anywhere; }
.figure-tile .detail { font-size: 8pt; color: var(--muted); margin-top: .5mm; }

/* Tables */
table.data { width: 100%; table-layout: fixed; border-collapse: collapse; margin: 0 0 4mm; font-size: 8.6pt; line-height: 1.4; }
table.data caption { caption-side: top; text-align: right; font-size: 8pt; color: var(--muted); padding-bottom: 1mm; }
table.data thead { display: table-header-group; }
table.data th { background: var(--navy); color: #fff; font-weight: bold; text-align: left; padding: 1.6mm 2mm; vertical-align: bottom; }
table.data td { padding: 1.5mm 2mm; border-bottom: .5pt solid var(--line); vertical-align: top; overflow-wrap: break-word; }
table.data.keep { break-inside: avoid; page-break-inside: avoid; }
table.data tbody tr:nth-child(even) td { background: var(--soft); }
table.data tr { break-inside: avoid; page-break-inside: avoid; }
table.data tr.totals td { font-weight: bold; background: #e4ebf3; border-top: 1pt solid var(--navy); border-bottom: 1pt solid var(--navy); }
table.data .r { text-align: right; font-variant-numeric: tabular-nums; }
table.data .c { text-align: center; }
table.facts { width: 100%; border-collapse: collapse; margin: 0 0 4mm; }
table.facts th { text-align: left; vertical-align: top; font-weight: normal; color: var(--muted); width: 28%; padding: 1.4mm 3mm 1.4mm 0; border-bottom: .5pt solid var(--line); }
table.facts td { padding: 1.4mm 0; border-bottom: .5pt solid var(--line); overflow-wrap: anywhere; }
table.facts tr { break-inside: avoid; }

/* Charts */
figure.chart { margin: 2mm 0 5mm; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart figcaption { font-size: 8.5pt; color: var(--muted); margin-top: 1.5mm; }
figure.chart figcaption b { color: var(--ink); }

/* Callouts */
.callout { border-left: 2.5pt solid var(--accent); background: #eef4fa; padding: 3mm 4mm; margin: 0 0 4mm; border-radius: 0 1mm 1mm 0; break-inside: avoid; }
.callout .callout-title { font-weight: bold; margin-bottom: 1.5mm; color: var(--navy); }
.callout p:last-child, .callout ul:last-child { margin-bottom: 0; }
.callout.tone-success, .cover-verdict.tone-success { border-color: #2f855a; background: #ecf7f0; }
.callout.tone-warning, .cover-verdict.tone-warning { border-color: #c27c0e; background: #fdf5e6; }
.callout.tone-danger, .cover-verdict.tone-danger { border-color: #c53030; background: #fcecec; }
.cover-verdict.tone-success { color: #22543d; }
.cover-verdict.tone-warning { color: #7b4d06; }
.cover-verdict.tone-danger { color: #8b1d1d; }
.cover-verdict.tone-info { color: var(--navy); background: #eef4fa; }
.figure-tile.tone-success { border-top-color: #2f855a; }
.figure-tile.tone-warning { border-top-color: #c27c0e; }
.figure-tile.tone-danger { border-top-color: #c53030; }
.doc-end { margin-top: 10mm; padding-top: 2mm; border-top: .5pt solid var(--line); font-size: 8pt; color: var(--muted); }
`;
}

const toneClass = (tone: Tone | undefined) => (tone ? ` tone-${tone}` : '');

function renderTable(columns: TableColumn[], rows: string[][], totals?: string[], caption?: string): string {
  const totalWidth = columns.reduce((sum, c) => sum + (c.width ?? 1), 0);
  const align = (c: TableColumn) =>
    c.align === 'right' ? ' class="r"' : c.align === 'center' ? ' class="c"' : '';
  const cells = (row: string[], tag: 'td' | 'th') =>
    row.map((cell, i) => `<${tag}${align(columns[i] ?? {})}>${escapeLines(cell)}</${tag}>`).join('');
  return [
    // A short table moves to the next page whole rather than leaving a header and a row behind.
    `<table class="data${rows.length <= 12 ? ' keep' : ''}">`,
    caption ? `<caption>${escapeHtml(caption)}</caption>` : '',
    `<colgroup>${columns.map((c) => `<col style="width:${(((c.width ?? 1) / totalWidth) * 100).toFixed(1)}%">`).join('')}</colgroup>`,
    `<thead><tr>${cells(
      columns.map((c) => c.header),
      'th',
    )}</tr></thead>`,
    '<tbody>',
    ...rows.map((row) => `<tr>${cells(row, 'td')}</tr>`),
    // Totals sit in the body: a <tfoot> would be repeated at the foot of every printed page.
    totals ? `<tr class="totals">${cells(totals, 'td')}</tr>` : '',
    '</tbody></table>',
  ].join('');
}

function renderBlocks(blocks: Block[], model: PlanDocumentModel, figureNumber: { n: number }): string {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
        out.push(`<h${block.level} id="${escapeHtml(block.id)}">${escapeHtml(block.text)}</h${block.level}>`);
        break;
      case 'paragraph': {
        const cls = block.tone && block.tone !== 'normal' ? ` class="${block.tone}"` : '';
        out.push(`<p${cls}>${escapeLines(block.text)}</p>`);
        break;
      }
      case 'list': {
        const tag = block.ordered ? 'ol' : 'ul';
        out.push(`<${tag}>${block.items.map((item) => `<li>${escapeLines(item)}</li>`).join('')}</${tag}>`);
        break;
      }
      case 'facts':
        out.push(
          `<table class="facts"><tbody>${block.rows
            .map(
              (row) =>
                `<tr><th scope="row">${escapeHtml(row.label)}</th><td>${escapeLines(row.value)}</td></tr>`,
            )
            .join('')}</tbody></table>`,
        );
        break;
      case 'table':
        out.push(renderTable(block.columns, block.rows, block.totals, block.caption));
        break;
      case 'chart': {
        figureNumber.n += 1;
        // The SVG comes from echarts, which escapes every text it draws (checked by plan-charts tests).
        out.push(
          `<figure class="chart">${block.chart.svg}<figcaption><b>${escapeHtml(fill(model.text.figure, { n: figureNumber.n }))}</b> ${escapeHtml(block.caption)}${escapeHtml(model.text.sentenceEnd)} ${escapeHtml(block.description)}</figcaption></figure>`,
        );
        break;
      }
      case 'callout':
        out.push(
          `<aside class="callout${toneClass(block.tone)}"><p class="callout-title">${escapeHtml(block.title)}</p>${block.paragraphs
            .map((p) => `<p>${escapeLines(p)}</p>`)
            .join(
              '',
            )}${block.items?.length ? `<ul>${block.items.map((item) => `<li>${escapeLines(item)}</li>`).join('')}</ul>` : ''}</aside>`,
        );
        break;
      case 'figures':
        out.push(
          `<div class="figures">${block.items
            .map(
              (item) =>
                `<div class="figure-tile${toneClass(item.tone)}"><div class="label">${escapeHtml(item.label)}</div><div class="value">${escapeHtml(item.value)}</div>${item.detail ? `<div class="detail">${escapeHtml(item.detail)}</div>` : ''}</div>`,
            )
            .join('')}</div>`,
        );
        break;
    }
  }
  return out.join('\n');
}

/** A standalone, print-ready HTML document: inline CSS, no scripts, no external resources. */
export function renderPlanHtml(model: PlanDocumentModel, options: HtmlRenderOptions = {}): string {
  const figureNumber = { n: 0 };
  const cover = model.cover;
  const toc = model.chapters
    .map((chapter) => {
      const page = options.tocPageNumbers?.[chapter.id];
      return `<li><a href="#${escapeHtml(chapter.id)}"><span class="toc-num">${escapeHtml(chapter.number)}</span><span class="toc-title">${escapeHtml(chapter.title)}</span><span class="toc-page">${page ?? ''}</span></a></li>`;
    })
    .join('');
  const chapters = model.chapters
    .map(
      (chapter) =>
        `<section class="chapter" id="${escapeHtml(chapter.id)}"><h1><span class="num">${escapeHtml(chapter.number)}</span>${escapeHtml(chapter.title)}</h1>\n${renderBlocks(chapter.blocks, model, figureNumber)}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${model.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<meta name="generator" content="Marketloop">
<title>${escapeHtml(model.title)}</title>
<style>${styles(model)}</style>
</head>
<body>
<section class="cover">
<div class="cover-band"><p class="cover-kicker">${escapeHtml(cover.kicker)}</p></div>
<h1 class="cover-title">${escapeHtml(cover.title)}</h1>
${cover.company ? `<p class="cover-company">${escapeHtml(cover.company)}</p>` : ''}
${cover.verdict ? `<div><span class="cover-verdict${toneClass(cover.verdict.tone)}">${escapeHtml(cover.verdict.label)}</span></div>` : ''}
<div class="cover-spacer"></div>
<table class="cover-facts"><tbody>${cover.facts
    .map((f) => `<tr><th scope="row">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`)
    .join('')}</tbody></table>
<p class="cover-footer">${escapeHtml(cover.footer)}</p>
</section>
<nav class="toc" id="contents"><h1>${escapeHtml(model.contentsTitle)}</h1><ol>${toc}</ol></nav>
<section class="summary" id="${escapeHtml(model.summary.id)}"><h2>${escapeHtml(model.summary.title)}</h2>
${renderBlocks(model.summary.blocks, model, figureNumber)}</section>
${chapters}
<p class="doc-end">${escapeHtml(model.text.generated)}</p>
</body>
</html>
`;
}
