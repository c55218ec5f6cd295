import { fill } from '../labels';
import type { Block, PlanDocumentModel, TableColumn } from './plan-document-model';

/**
 * Text -> inline Markdown that shows exactly that text: emphasis, code, links, HTML and table pipes are
 * backslash-escaped (CommonMark allows it for all ASCII punctuation), so typed markup stays text.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\\`*_[\]<>|~&{}]/g, '\\$&')
      // Block markers only count at the start of a line and before a space, the line's end or a repeat (---).
      .replace(/^(\s*)([#+=-](?=\s|$|[#+=-])|\d+[.)](?=\s|$))/gm, (_, space: string, mark: string) =>
        /^\d/.test(mark) ? `${space}${mark.slice(0, -1)}\\${mark.slice(-1)}` : `${space}\\${mark}`,
      )
  );
}

/** One line of text for a table cell or list item: escaped, line breaks as <br> (the one tag we write). */
const inline = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => escapeMarkdown(line.trim()))
    .join('<br>');

function table(columns: TableColumn[], rows: string[][], totals?: string[]): string {
  const align = (c: TableColumn) => (c.align === 'right' ? '---:' : c.align === 'center' ? ':---:' : '---');
  const line = (cells: string[], bold = false) =>
    `| ${cells
      .map((cell) => {
        const text = inline(cell);
        return text ? (bold ? `**${text}**` : text) : ' ';
      })
      .join(' | ')} |`;
  return [
    line(columns.map((c) => c.header)),
    `| ${columns.map(align).join(' | ')} |`,
    ...rows.map((row) => line(row)),
    ...(totals ? [line(totals, true)] : []),
  ].join('\n');
}

function blocks(list: Block[], model: PlanDocumentModel, figure: { n: number }, depth: number): string[] {
  const out: string[] = [];
  for (const block of list) {
    switch (block.kind) {
      case 'heading':
        out.push(`${'#'.repeat(depth + block.level - 1)} ${escapeMarkdown(block.text)}`);
        break;
      case 'paragraph':
        out.push(block.tone === 'muted' ? `*${inline(block.text)}*` : inline(block.text));
        break;
      case 'list':
        out.push(
          block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${inline(item)}`).join('\n'),
        );
        break;
      case 'facts':
        out.push(block.rows.map((row) => `- **${inline(row.label)}:** ${inline(row.value)}`).join('\n'));
        break;
      case 'table':
        out.push(
          `${block.caption ? `*${inline(block.caption)}*\n\n` : ''}${table(block.columns, block.rows, block.totals)}`,
        );
        break;
      case 'chart':
        figure.n += 1;
        out.push(
          `*${inline(fill(model.text.figure, { n: figure.n }))} ${inline(fill(model.text.chartPlaceholder, { caption: block.caption }))}*`,
        );
        break;
      case 'callout':
        out.push(
          [
            `**${inline(block.title)}**`,
            ...block.paragraphs.map(inline),
            ...(block.items?.length ? [block.items.map((item) => `- ${inline(item)}`).join('\n> ')] : []),
          ]
            .map((part) => `> ${part}`)
            .join('\n>\n'),
        );
        break;
      case 'figures':
        out.push(
          table(
            block.items.map((item) => ({ header: item.label })),
            [block.items.map((item) => (item.detail ? `${item.value}\n${item.detail}` : item.value))],
          ),
        );
        break;
    }
  }
  return out;
}

/** GitHub-flavoured Markdown of the whole plan; charts are named in place, since Markdown cannot embed them portably. */
export function renderPlanMarkdown(model: PlanDocumentModel): string {
  const figure = { n: 0 };
  const parts: string[] = [
    `# ${escapeMarkdown(model.title)}`,
    `**${escapeMarkdown(model.cover.kicker)}**${model.companyName ? ` · ${escapeMarkdown(model.companyName)}` : ''}`,
    model.cover.facts.map((f) => `- **${inline(f.label)}:** ${inline(f.value)}`).join('\n'),
    ...(model.cover.verdict ? [`**${inline(model.cover.verdict.label)}**`] : []),
    `> ${inline(model.text.chartsNotInMarkdown)}`,
    `## ${escapeMarkdown(model.contentsTitle)}`,
    model.chapters.map((c) => `- ${escapeMarkdown(c.number)} ${escapeMarkdown(c.title)}`).join('\n'),
    `## ${escapeMarkdown(model.summary.title)}`,
    ...blocks(model.summary.blocks, model, figure, 2),
  ];
  for (const chapter of model.chapters) {
    parts.push(`## ${escapeMarkdown(chapter.number)} ${escapeMarkdown(chapter.title)}`);
    parts.push(...blocks(chapter.blocks, model, figure, 2));
  }
  parts.push('---', `*${inline(model.text.generated)}*`);
  return `${parts.join('\n\n')}\n`;
}
