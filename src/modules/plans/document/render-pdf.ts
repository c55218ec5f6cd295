import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import type { ChartSvg } from './plan-charts';
import type { PlanDocumentModel } from './plan-document-model';
import { escapeHtml, fontStack, renderPlanHtml } from './render-html';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const LAUNCH_TIMEOUT_MS = 30_000;
const RENDER_TIMEOUT_MS = 60_000;
// Two shared cores: more parallel Chromium renders would only slow every request down.
const MAX_PARALLEL_RENDERS = 2;

/** Chromium is missing or cannot start; routes turn this into a 503 with the install hint. */
export class PdfRendererUnavailableError extends Error {
  constructor(detail?: string) {
    super(`PDF export needs Chromium: apt-get install chromium${detail ? ` (${detail})` : ''}`);
    this.name = 'PdfRendererUnavailableError';
  }
}

export class PdfRenderTimeoutError extends Error {
  constructor(ms: number) {
    super(`Rendering the document took longer than ${Math.round(ms / 1000)} s and was stopped.`);
    this.name = 'PdfRenderTimeoutError';
  }
}

let browserPromise: Promise<Browser> | null = null;

async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new PdfRendererUnavailableError(`${CHROMIUM_PATH} not found`);
  try {
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: LAUNCH_TIMEOUT_MS,
    });
    browser.on('disconnected', () => {
      browserPromise = null;
    });
    return browser;
  } catch (err) {
    throw new PdfRendererUnavailableError((err as Error).message.split('\n')[0]);
  }
}

/** One browser for the whole process, started on first use; a crashed one is replaced on the next render. */
function getBrowser(): Promise<Browser> {
  if (!browserPromise) {
    browserPromise = launchBrowser().catch((err) => {
      browserPromise = null;
      throw err;
    });
  }
  return browserPromise;
}

/** Closes the shared browser; call on server shutdown (the plans routes do it in an onClose hook). */
export async function closePdfRenderer(): Promise<void> {
  const pending = browserPromise;
  browserPromise = null;
  if (!pending) return;
  try {
    await (await pending).close();
  } catch {
    // It never started or already died: nothing left to close.
  }
}

let running = 0;
const waiting: (() => void)[] = [];
async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL_RENDERS) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/**
 * A fresh, locked-down context per render: no JavaScript, offline, and every request aborted except
 * data: URLs, so a hostile plan cannot make the server fetch anything. Closed when the work ends or times out.
 */
async function inContext<T>(
  options: { deviceScaleFactor?: number; viewport?: { width: number; height: number } },
  work: (context: BrowserContext) => Promise<T>,
  timeoutMs = RENDER_TIMEOUT_MS,
): Promise<T> {
  return withSlot(async () => {
    const browser = await getBrowser();
    const context = await browser.newContext({
      javaScriptEnabled: false,
      offline: true,
      serviceWorkers: 'block',
      acceptDownloads: false,
      ...options,
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      await context.route('**/*', (route) =>
        route.request().url().startsWith('data:') ? route.continue() : route.abort('blockedbyclient'),
      );
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new PdfRenderTimeoutError(timeoutMs)), timeoutMs);
      });
      return await Promise.race([work(context), timeout]);
    } finally {
      clearTimeout(timer);
      await context.close().catch(() => undefined);
    }
  });
}

/** CSS page-margin boxes (running header, "Page x of y") need Chromium 131 or later. */
async function supportsMarginBoxes(): Promise<boolean> {
  const version = (await getBrowser()).version();
  return Number(version.split('.')[0]) >= 131;
}

async function printPdf(
  context: BrowserContext,
  html: string,
  model: PlanDocumentModel,
  marginBoxes: boolean,
) {
  const page = await context.newPage();
  await page.setContent(html, { waitUntil: 'load' });
  const small = `font-family:${escapeHtml(fontStack(model.language))};font-size:7.5pt;color:#5f6b7a;width:100%;padding:0 17mm;`;
  // Older Chromium ignores @page margin boxes; then its own header and footer templates carry them.
  const fallback = marginBoxes
    ? {}
    : {
        displayHeaderFooter: true,
        headerTemplate: `<div style="${small}display:flex;justify-content:space-between"><span>${escapeHtml(model.runningHeader)}</span><span>${escapeHtml(model.runningStatus)}</span></div>`,
        footerTemplate: `<div style="${small}text-align:right">${escapeHtml(model.text.pageOf)
          .replace('{page}', '<span class="pageNumber"></span>')
          .replace('{pages}', '<span class="totalPages"></span>')}</div>`,
      };
  const pdf = await page.pdf({
    format: 'A4',
    printBackground: true,
    preferCSSPageSize: true,
    outline: true,
    ...fallback,
  });
  await page.close();
  return Buffer.from(pdf);
}

/**
 * The plan as a PDF. Rendered twice: the first pass finds the page each chapter starts on (from the PDF's
 * named destinations), the second prints those numbers in the contents. If they cannot be read, the
 * first pass is returned as it is (contents without page numbers, still linked).
 */
export async function renderPlanPdf(model: PlanDocumentModel): Promise<Buffer> {
  const marginBoxes = await supportsMarginBoxes();
  return inContext({}, async (context) => {
    const first = await printPdf(context, renderPlanHtml(model), model, marginBoxes);
    const pages = readNamedDestinationPages(first);
    const tocPageNumbers: Record<string, number> = {};
    for (const chapter of model.chapters) {
      const page = pages.get(chapter.id);
      if (page === undefined) return first;
      tocPageNumbers[chapter.id] = page;
    }
    return printPdf(context, renderPlanHtml(model, { tocPageNumbers }), model, marginBoxes);
  });
}

/** Any HTML to a PDF under the same lock-down as plan documents (the tests use it to prove nothing is fetched). */
export async function htmlToPdf(html: string): Promise<Buffer> {
  return inContext({}, async (context) => {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await page.close();
    return Buffer.from(pdf);
  });
}

/** PNG images of SVG charts (for Word's fallback picture), at `scale` times their CSS size. */
export async function rasterizeCharts(charts: readonly ChartSvg[], scale = 2): Promise<Map<string, Buffer>> {
  const result = new Map<string, Buffer>();
  if (charts.length === 0) return result;
  const width = Math.max(...charts.map((c) => c.width));
  return inContext({ deviceScaleFactor: scale, viewport: { width, height: 600 } }, async (context) => {
    const page = await context.newPage();
    const body = charts
      .map((c, i) => `<div id="chart-${i}" style="width:${c.width}px;height:${c.height}px">${c.svg}</div>`)
      .join('');
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><style>body{margin:0;background:#fff}svg{display:block}</style></head><body>${body}</body></html>`,
    );
    for (const [i, chart] of charts.entries()) {
      result.set(chart.id, Buffer.from(await page.locator(`#chart-${i}`).screenshot({ type: 'png' })));
    }
    return result;
  });
}

// ---------------------------------------------------------------------------------------------
// Reading page numbers back from Chromium's PDF (uncompressed object dictionaries, /Dests in the catalog)
// ---------------------------------------------------------------------------------------------

/** Named destination -> 1-based page number, from a PDF whose objects are not in object streams. */
export function readNamedDestinationPages(pdf: Buffer): Map<string, number> {
  const text = pdf.toString('latin1');
  const objects = new Map<string, string>();
  for (const match of text.matchAll(/(?:^|[\r\n])(\d+) 0 obj\s*(<<[\s\S]*?>>)\s*(?:endobj|stream)/g)) {
    objects.set(match[1], match[2]);
  }
  const result = new Map<string, number>();
  const catalog = [...objects.values()].find((body) => /\/Type\s*\/Catalog\b/.test(body));
  const rootRef = catalog?.match(/\/Pages\s+(\d+) 0 R/)?.[1];
  const destsRef = catalog?.match(/\/Dests\s+(\d+) 0 R/)?.[1];
  if (!rootRef || !destsRef) return result;

  const order = new Map<string, number>();
  const walk = (ref: string, depth: number) => {
    const body = objects.get(ref);
    if (!body || depth > 32) return;
    if (/\/Type\s*\/Pages\b/.test(body)) {
      const kids = body.match(/\/Kids\s*\[([^\]]*)\]/)?.[1] ?? '';
      for (const kid of kids.matchAll(/(\d+) 0 R/g)) walk(kid[1], depth + 1);
    } else if (/\/Type\s*\/Page\b/.test(body)) {
      order.set(ref, order.size + 1);
    }
  };
  walk(rootRef, 0);

  const dests = objects.get(destsRef) ?? '';
  for (const match of dests.matchAll(/\/([^\s[\]/<>()]+)\s*\[\s*(\d+) 0 R/g)) {
    const name = match[1].replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    const page = order.get(match[2]);
    if (page !== undefined) result.set(name, page);
  }
  return result;
}
