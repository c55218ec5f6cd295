import { existsSync, readFileSync } from 'node:fs';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  type IBorderOptions,
  ImageRun,
  LevelFormat,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { estimatePageNumbersWith } from 'docx/layout';
import { fill } from '../labels';
import type { ChartSvg } from './plan-charts';
import type { Block, PlanDocumentModel, TableColumn, Tone } from './plan-document-model';
import { PdfRendererUnavailableError, rasterizeCharts } from './render-pdf';

export interface DocxRenderOptions {
  /**
   * PNG pictures of the charts, for applications that cannot draw the SVG (LibreOffice, older Word).
   * Default: rendered with the PDF renderer's Chromium; when that is missing the charts are left out with a note.
   */
  rasterize?: (charts: readonly ChartSvg[]) => Promise<Map<string, Buffer>>;
  /** Lay the pages out to write the contents' page numbers (about 2 s for a template plan). Default true. */
  pageNumbers?: boolean;
}

const COLOR = {
  ink: '1F2933',
  muted: '5F6B7A',
  navy: '16325C',
  accent: '2A6FB0',
  line: 'D5DDE6',
  soft: 'F3F6F9',
  totals: 'E4EBF3',
  white: 'FFFFFF',
} as const;

const TONES: Record<Tone, { border: string; fill: string }> = {
  info: { border: COLOR.accent, fill: 'EEF4FA' },
  success: { border: '2F855A', fill: 'ECF7F0' },
  warning: { border: 'C27C0E', fill: 'FDF5E6' },
  danger: { border: 'C53030', fill: 'FCECEC' },
};

// A4 with 17 mm side margins: 11906 twips wide, 964 twips per margin.
const PAGE = { width: 11906, height: 16838, side: 964, top: 1134, bottom: 1020 } as const;
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.side;
const CONTENT_WIDTH_PX = Math.floor(CONTENT_WIDTH / 15);

const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
const thin = (color: string = COLOR.line): IBorderOptions => ({ style: BorderStyle.SINGLE, size: 4, color });

// Arial for Latin text (LibreOffice maps it to metric-equal Liberation Sans); YaHei for Chinese, which
// Windows has and LibreOffice replaces with the installed CJK font.
const FONTS = { ascii: 'Arial', hAnsi: 'Arial', cs: 'Arial', eastAsia: 'Microsoft YaHei' } as const;

/** Text with line breaks -> runs separated by breaks (Word ignores \n inside a run). */
function runs(text: string, options: { bold?: boolean; color?: string; size?: number } = {}): TextRun[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...options }));
}

interface Context {
  model: PlanDocumentModel;
  pictures: Map<string, Buffer> | null;
  figure: number;
  list: number;
}

function dataTable(columns: TableColumn[], rows: string[][], totals: string[] | undefined): Table {
  const weights = columns.map((c) => c.width ?? 1);
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((w / sum) * CONTENT_WIDTH));
  const align = (c: TableColumn | undefined) =>
    c?.align === 'right'
      ? AlignmentType.RIGHT
      : c?.align === 'center'
        ? AlignmentType.CENTER
        : AlignmentType.LEFT;
  const cell = (text: string, i: number, kind: 'head' | 'body' | 'even' | 'totals') =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      verticalAlign: kind === 'head' ? VerticalAlignTable.BOTTOM : VerticalAlignTable.TOP,
      shading:
        kind === 'head'
          ? { type: ShadingType.CLEAR, color: 'auto', fill: COLOR.navy }
          : kind === 'even'
            ? { type: ShadingType.CLEAR, color: 'auto', fill: COLOR.soft }
            : kind === 'totals'
              ? { type: ShadingType.CLEAR, color: 'auto', fill: COLOR.totals }
              : undefined,
      children: [
        new Paragraph({
          style: 'TableText',
          alignment: align(columns[i]),
          children: runs(text, {
            bold: kind === 'head' || kind === 'totals',
            color: kind === 'head' ? COLOR.white : undefined,
          }),
        }),
      ],
    });
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { top: 50, bottom: 50, left: 90, right: 90 },
    borders: {
      top: NONE,
      left: NONE,
      right: NONE,
      insideVertical: NONE,
      bottom: thin(),
      insideHorizontal: thin(),
    },
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: columns.map((c, i) => cell(c.header, i, 'head')),
      }),
      ...rows.map(
        (row, r) =>
          new TableRow({
            cantSplit: true,
            children: row.map((text, i) => cell(text, i, r % 2 ? 'even' : 'body')),
          }),
      ),
      ...(totals
        ? [new TableRow({ cantSplit: true, children: totals.map((text, i) => cell(text, i, 'totals')) })]
        : []),
    ],
  });
}

function factsTable(rows: { label: string; value: string }[], labelShare = 0.28): Table {
  const widths = [
    Math.floor(CONTENT_WIDTH * labelShare),
    CONTENT_WIDTH - Math.floor(CONTENT_WIDTH * labelShare),
  ];
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { top: 50, bottom: 50, left: 0, right: 90 },
    borders: {
      top: NONE,
      left: NONE,
      right: NONE,
      insideVertical: NONE,
      bottom: thin(),
      insideHorizontal: thin(),
    },
    rows: rows.map(
      (row) =>
        new TableRow({
          cantSplit: true,
          children: [
            new TableCell({
              width: { size: widths[0], type: WidthType.DXA },
              children: [
                new Paragraph({ style: 'TableText', children: runs(row.label, { color: COLOR.muted }) }),
              ],
            }),
            new TableCell({
              width: { size: widths[1], type: WidthType.DXA },
              children: [new Paragraph({ style: 'TableText', children: runs(row.value) })],
            }),
          ],
        }),
    ),
  });
}

/** A one-cell table with a coloured rule on the left: reads as a callout in Word and LibreOffice alike. */
function calloutBox(tone: Tone, children: Paragraph[]): Table {
  const colors = TONES[tone];
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: [CONTENT_WIDTH],
    layout: TableLayoutType.FIXED,
    margins: { top: 110, bottom: 110, left: 200, right: 200 },
    borders: {
      top: NONE,
      bottom: NONE,
      right: NONE,
      insideHorizontal: NONE,
      insideVertical: NONE,
      left: { style: BorderStyle.SINGLE, size: 24, color: colors.border },
    },
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          new TableCell({
            width: { size: CONTENT_WIDTH, type: WidthType.DXA },
            shading: { type: ShadingType.CLEAR, color: 'auto', fill: colors.fill },
            children,
          }),
        ],
      }),
    ],
  });
}

// CJK fonts LibreOffice substitutes for YaHei on Linux; measuring with one keeps the contents' page numbers right.
const CJK_FONT_FILES = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
];
let cjkFonts: { data: Uint8Array; name: string }[] | null = null;
function cjkFontFiles() {
  if (cjkFonts === null) {
    const path = CJK_FONT_FILES.find((file) => existsSync(file));
    cjkFonts = path ? [{ data: readFileSync(path), name: FONTS.eastAsia }] : [];
  }
  return cjkFonts.length ? cjkFonts : undefined;
}

const spacer = (after = 120) => new Paragraph({ spacing: { before: 0, after }, children: [] });

function renderBlocks(blocks: Block[], ctx: Context): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
        out.push(
          new Paragraph({
            heading: block.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
            children: runs(block.text),
          }),
        );
        break;
      case 'paragraph':
        out.push(
          new Paragraph({
            style: block.tone === 'muted' ? 'Muted' : undefined,
            children: runs(block.text),
          }),
        );
        break;
      case 'list': {
        ctx.list += 1;
        const instance = ctx.list;
        for (const item of block.items) {
          out.push(
            new Paragraph({
              ...(block.ordered
                ? { numbering: { reference: 'ordered', level: 0, instance } }
                : { numbering: { reference: 'bullets', level: 0 } }),
              spacing: { after: 60 },
              children: runs(item),
            }),
          );
        }
        out.push(spacer(60));
        break;
      }
      case 'facts':
        out.push(factsTable(block.rows), spacer());
        break;
      case 'table':
        if (block.caption) {
          out.push(
            new Paragraph({
              style: 'Muted',
              alignment: AlignmentType.RIGHT,
              keepNext: true,
              text: block.caption,
            }),
          );
        }
        out.push(dataTable(block.columns, block.rows, block.totals), spacer(160));
        break;
      case 'chart': {
        ctx.figure += 1;
        const png = ctx.pictures?.get(block.chart.id);
        const caption = [
          new TextRun({ text: `${fill(ctx.model.text.figure, { n: ctx.figure })} `, bold: true }),
          new TextRun(`${block.caption}${ctx.model.text.sentenceEnd} ${block.description}`),
        ];
        if (!png) {
          out.push(
            new Paragraph({
              style: 'Muted',
              children: runs(fill(ctx.model.text.chartNotDrawn, { caption: block.caption })),
            }),
          );
          break;
        }
        const scale = Math.min(1, CONTENT_WIDTH_PX / block.chart.width);
        out.push(
          new Paragraph({
            keepNext: true,
            alignment: AlignmentType.CENTER,
            spacing: { before: 60, after: 60 },
            children: [
              new ImageRun({
                type: 'svg',
                data: Buffer.from(block.chart.svg, 'utf8'),
                fallback: { type: 'png', data: png },
                transformation: {
                  width: Math.round(block.chart.width * scale),
                  height: Math.round(block.chart.height * scale),
                },
                altText: { name: block.caption, title: block.caption, description: block.description },
              }),
            ],
          }),
          new Paragraph({ style: 'Caption', spacing: { after: 200 }, children: caption }),
        );
        break;
      }
      case 'callout': {
        const children: Paragraph[] = [
          new Paragraph({
            style: 'TableText',
            spacing: { after: 80 },
            children: runs(block.title, { bold: true, color: COLOR.navy }),
          }),
          ...block.paragraphs.map(
            (p) => new Paragraph({ style: 'TableText', spacing: { after: 60 }, children: runs(p) }),
          ),
          ...(block.items ?? []).map(
            (item) =>
              new Paragraph({
                style: 'TableText',
                numbering: { reference: 'bullets', level: 0 },
                spacing: { after: 40 },
                children: runs(item),
              }),
          ),
        ];
        out.push(calloutBox(block.tone, children), spacer(160));
        break;
      }
      case 'figures': {
        const n = block.items.length;
        const width = Math.floor(CONTENT_WIDTH / n);
        out.push(
          new Table({
            width: { size: width * n, type: WidthType.DXA },
            columnWidths: block.items.map(() => width),
            layout: TableLayoutType.FIXED,
            margins: { top: 80, bottom: 80, left: 120, right: 120 },
            borders: {
              top: NONE,
              bottom: NONE,
              left: NONE,
              right: NONE,
              insideHorizontal: NONE,
              insideVertical: { style: BorderStyle.SINGLE, size: 24, color: COLOR.white },
            },
            rows: [
              new TableRow({
                cantSplit: true,
                children: block.items.map(
                  (item) =>
                    new TableCell({
                      width: { size: width, type: WidthType.DXA },
                      shading: { type: ShadingType.CLEAR, color: 'auto', fill: COLOR.soft },
                      borders: {
                        top: {
                          style: BorderStyle.SINGLE,
                          size: 18,
                          color: item.tone ? TONES[item.tone].border : COLOR.accent,
                        },
                      },
                      children: [
                        new Paragraph({
                          style: 'TableText',
                          children: runs(item.label, { color: COLOR.muted, size: 16 }),
                        }),
                        new Paragraph({
                          style: 'TableText',
                          spacing: { before: 40, after: 20 },
                          children: runs(item.value, { bold: true, color: COLOR.navy, size: 24 }),
                        }),
                        ...(item.detail
                          ? [
                              new Paragraph({
                                style: 'TableText',
                                children: runs(item.detail, { color: COLOR.muted, size: 16 }),
                              }),
                            ]
                          : []),
                      ],
                    }),
                ),
              }),
            ],
          }),
          spacer(200),
        );
        break;
      }
    }
  }
  return out;
}

function coverPage(model: PlanDocumentModel): (Paragraph | Table)[] {
  const cover = model.cover;
  const out: (Paragraph | Table)[] = [
    new Paragraph({
      shading: { type: ShadingType.CLEAR, color: 'auto', fill: COLOR.navy },
      border: {
        top: { style: BorderStyle.SINGLE, size: 48, color: COLOR.navy, space: 12 },
        bottom: { style: BorderStyle.SINGLE, size: 48, color: COLOR.navy, space: 12 },
        left: { style: BorderStyle.SINGLE, size: 48, color: COLOR.navy, space: 12 },
        right: { style: BorderStyle.SINGLE, size: 48, color: COLOR.navy, space: 12 },
      },
      spacing: { after: 0 },
      children: [
        new TextRun({
          text: model.language === 'zh-CN' ? cover.kicker : cover.kicker.toUpperCase(),
          color: COLOR.white,
          size: 20,
          characterSpacing: 30,
        }),
      ],
    }),
    new Paragraph({
      spacing: { before: 1800, after: 240 },
      style: 'CoverTitle',
      children: runs(cover.title),
    }),
  ];
  if (cover.company) {
    out.push(
      new Paragraph({
        spacing: { after: 400 },
        children: runs(cover.company, { size: 28, color: COLOR.muted }),
      }),
    );
  }
  if (cover.verdict) {
    out.push(
      calloutBox(cover.verdict.tone, [
        new Paragraph({ style: 'TableText', children: runs(cover.verdict.label, { bold: true, size: 21 }) }),
      ]),
    );
  }
  // Pushes the facts to the lower part of the page, as on the printed cover.
  out.push(new Paragraph({ spacing: { before: cover.company ? 3400 : 4000, after: 0 }, children: [] }));
  out.push(
    new Paragraph({
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: COLOR.navy, space: 1 } },
      spacing: { after: 0 },
      children: [],
    }),
    factsTable(cover.facts, 0.34),
    new Paragraph({ style: 'Muted', spacing: { before: 200 }, text: cover.footer }),
  );
  return out;
}

/** The plan as a Word document: real headings, a Word table-of-contents field, styled tables, SVG charts with PNG fallbacks. */
export async function renderPlanDocx(
  model: PlanDocumentModel,
  options: DocxRenderOptions = {},
): Promise<Buffer> {
  const charts = [model.summary, ...model.chapters].flatMap((c) =>
    c.blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart] : [])),
  );
  let pictures: Map<string, Buffer> | null = null;
  const rasterize = options.rasterize ?? rasterizeCharts;
  try {
    pictures = await rasterize(charts);
  } catch (err) {
    // Without Chromium the document is still useful: the charts become a note pointing to the other formats.
    if (!(err instanceof PdfRendererUnavailableError)) throw err;
  }
  const ctx: Context = { model, pictures, figure: 0, list: 0 };
  const font = FONTS;
  const lang = model.language === 'zh-CN' ? 'zh-CN' : 'en-US';

  const pageOf = model.text.pageOf.split(/(\{page\}|\{pages\})/).filter(Boolean);
  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [
          new TextRun({
            size: 15,
            color: COLOR.muted,
            children: pageOf.map((part) =>
              part === '{page}' ? PageNumber.CURRENT : part === '{pages}' ? PageNumber.TOTAL_PAGES : part,
            ),
          }),
        ],
      }),
    ],
  });
  const header = new Header({
    children: [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: CONTENT_WIDTH }],
        children: [
          new TextRun({ text: model.runningHeader, size: 15, color: COLOR.muted }),
          new TextRun({ text: `\t${model.runningStatus}`, size: 15, color: COLOR.muted }),
        ],
      }),
    ],
  });

  const body: (Paragraph | Table | TableOfContents)[] = [
    new Paragraph({ style: 'ContentsTitle', text: model.contentsTitle }),
    new TableOfContents(model.contentsTitle, { hyperlink: true, headingStyleRange: '1-1' }),
    new Paragraph({
      heading: HeadingLevel.HEADING_2,
      spacing: { before: 480 },
      children: runs(model.summary.title),
    }),
    ...renderBlocks(model.summary.blocks, ctx),
  ];
  for (const chapter of model.chapters) {
    body.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        pageBreakBefore: true,
        children: [
          new TextRun({ text: `${chapter.number}  `, color: COLOR.accent }),
          new TextRun({ text: chapter.title }),
        ],
      }),
      ...renderBlocks(chapter.blocks, ctx),
    );
  }
  body.push(new Paragraph({ style: 'Muted', spacing: { before: 400 }, text: model.text.generated }));

  const page = {
    size: { width: PAGE.width, height: PAGE.height },
    margin: {
      top: PAGE.top,
      bottom: PAGE.bottom,
      left: PAGE.side,
      right: PAGE.side,
      header: 600,
      footer: 500,
    },
  };
  const document = new Document({
    creator: 'Marketloop',
    title: model.title,
    description: model.cover.kicker,
    // Page numbers of the contents are laid out when the file is written, so LibreOffice and Word show them
    // without updating fields; Chinese text is measured with the installed CJK font, not guessed.
    pageNumbers:
      options.pageNumbers === false
        ? undefined
        : estimatePageNumbersWith({
            guess: true,
            fonts: model.language === 'zh-CN' ? cjkFontFiles() : undefined,
          }),
    styles: {
      default: {
        document: {
          run: { font, size: 20, color: COLOR.ink, language: { value: lang, eastAsia: 'zh-CN' } },
          paragraph: { spacing: { after: 120, line: 288, lineRule: LineRuleType.AUTO } },
        },
        heading1: {
          run: { font, size: 36, bold: true, color: COLOR.navy },
          paragraph: {
            spacing: { before: 0, after: 280 },
            keepNext: true,
            border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: COLOR.navy, space: 6 } },
          },
        },
        heading2: {
          run: { font, size: 25, bold: true, color: COLOR.navy },
          paragraph: { spacing: { before: 320, after: 120 }, keepNext: true },
        },
        heading3: {
          run: { font, size: 21, bold: true, color: COLOR.ink },
          paragraph: { spacing: { before: 240, after: 100 }, keepNext: true },
        },
        caption: {
          run: { font, size: 16, color: COLOR.muted, italics: false },
          paragraph: { spacing: { before: 60, after: 200 } },
        },
      },
      paragraphStyles: [
        {
          id: 'TableText',
          name: 'Table Text',
          basedOn: 'Normal',
          run: { size: 17 },
          paragraph: { spacing: { before: 0, after: 0, line: 264, lineRule: LineRuleType.AUTO } },
        },
        {
          id: 'Muted',
          name: 'Muted',
          basedOn: 'Normal',
          run: { size: 16, color: COLOR.muted },
          paragraph: { spacing: { after: 120 } },
        },
        {
          id: 'CoverTitle',
          name: 'Cover Title',
          basedOn: 'Normal',
          run: { size: 52, bold: true, color: COLOR.navy },
          paragraph: { spacing: { line: 276, lineRule: LineRuleType.AUTO } },
        },
        {
          id: 'ContentsTitle',
          name: 'Contents Title',
          basedOn: 'Normal',
          run: { size: 32, bold: true, color: COLOR.navy },
          paragraph: {
            spacing: { after: 240 },
            border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: COLOR.navy, space: 6 } },
          },
        },
      ],
    },
    numbering: {
      config: [
        {
          reference: 'bullets',
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: '•',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 360, hanging: 240 } } },
            },
          ],
        },
        {
          reference: 'ordered',
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 400, hanging: 320 } } },
            },
          ],
        },
      ],
    },
    sections: [
      { properties: { page }, children: coverPage(model) },
      {
        properties: { page },
        headers: { default: header },
        footers: { default: footer },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(document);
}
