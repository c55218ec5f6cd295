import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../src/modules/plans/document/plan-document.fixtures';
import { closePdfRenderer, htmlToPdf } from '../../src/modules/plans/document/render-pdf';
import {
  addMember,
  PASSWORD,
  setupOwner,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../support/test-app';

const run = promisify(execFile);
const TITLE = '<script>alert("plan")</script> Spring & "tea"';
const TASK = '<img src=x onerror=alert(1)> Shoot product photos';
const COMPANY = 'Leaf & Cup <b>Ltd</b>';
const SECTIONS = [
  'purpose',
  'feasibility',
  'marketResearch',
  'positioning',
  'goals',
  'channels',
  'website',
  'budget',
  'effectPrediction',
  'implementation',
  'evaluation',
  'risks',
];

let t: TestApp;
let owner: TestClient;
let viewer: TestClient;
let outsider: TestClient;
let base: string;
let enPlan: string;
let zhPlan: string;
const work = mkdtempSync(path.join(tmpdir(), 'ml-docs-'));

const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;

beforeAll(async () => {
  t = await startTestApp();
  const s = await setupOwner(t);
  owner = s.client;
  base = `/api/workspaces/${s.workspace.id}/plans`;
  viewer = (await addMember(t, owner, s.workspace.id, 'viewer@example.com', 'viewer')).client;

  const company = (await owner.post(`/api/workspaces/${s.workspace.id}/companies`, { name: COMPANY })).data;
  const created = (
    await owner.post(base, {
      language: 'en',
      templateId: 'ecommerce-tea',
      start: '2027-01-01',
      companyId: company.id,
    })
  ).data;
  enPlan = created.id;
  // What a user types goes in through the normal API: a hostile title and task name.
  const renamed = await owner.patch(`${base}/${enPlan}`, { revision: created.revision, title: TITLE });
  expect(renamed.statusCode).toBe(200);
  const implementation = structuredClone(renamed.data.document.sections.implementation);
  implementation.tasks[0].title = TASK;
  const saved = await owner.request('PUT', `${base}/${enPlan}/sections/implementation`, {
    revision: renamed.data.revision,
    data: implementation,
  });
  expect(saved.statusCode).toBe(200);

  zhPlan = (await owner.post(base, { language: 'zh-CN', templateId: 'b2b-iot-sensors', start: '2027-03-01' }))
    .data.id;

  // Someone with a workspace of their own, who must not reach this one's plans.
  await t.services.accounts.createUser({ name: 'Bob', email: 'bob@example.com', password: PASSWORD });
  outsider = t.client();
  await outsider.post('/api/session', { email: 'bob@example.com', password: PASSWORD });
  await outsider.post('/api/workspaces', { name: 'Bob Brand Agency', kind: 'agency' });
});

afterAll(async () => {
  await t?.close();
  await closePdfRenderer();
  rmSync(work, { recursive: true, force: true });
});

describe('plan documents', () => {
  it('renders print-ready HTML inline, with every section and the typed text escaped', async () => {
    const res = await viewer.get(`${base}/${enPlan}/render.html`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^inline; filename="[\w.-]+\.html"; filename\*=UTF-8''/,
    );
    const html = res.body;
    for (const key of SECTIONS) expect(html).toContain(`id="section-${key}"`);
    expect(html).not.toMatch(/<script|<img|<b>Ltd/);
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;plan&quot;)&lt;/script&gt; Spring &amp; &quot;tea&quot;',
    );
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; Shoot product photos');
    expect(html).toContain('Leaf &amp; Cup &lt;b&gt;Ltd&lt;/b&gt;');
    expect(html).toContain('No forecast has been made yet');
  });

  it('downloads Markdown as an attachment with a safe file name', async () => {
    const res = await viewer.get(`${base}/${enPlan}/render.md`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="script-alert-plan-script-Spring-tea.md"; filename*=UTF-8''script-alert-plan-script-Spring-tea.md`,
    );
    expect(res.body).toContain('## 12 Risks and points of attention');
    expect(res.body).not.toMatch(/(?<!\\)<(script|img)\b/);
  });

  it.each([
    ['en', () => enPlan],
    ['zh-CN', () => zhPlan],
  ])('renders a multi-page PDF (%s)', { timeout: 90_000 }, async (_language, id) => {
    const res = await viewer.request('GET', `${base}/${id()}/render.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[\w.-]+\.pdf"/);
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(3);
  });

  it('renders a DOCX that LibreOffice converts to PDF without error', { timeout: 180_000 }, async () => {
    const res = await viewer.request('GET', `${base}/${zhPlan}/render.docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="[\w.-]+\.docx"; filename\*=UTF-8''%E7%BD%91/,
    );
    const docx = res.rawPayload;
    const xml = readZip(docx).get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('实施计划');

    const office = ['libreoffice', 'soffice'].find((bin) =>
      (process.env.PATH ?? '').split(path.delimiter).some((dir) => existsSync(path.join(dir, bin))),
    );
    if (!office) {
      throw new Error(
        'This test converts the DOCX with LibreOffice, which is not on PATH: apt-get install -y libreoffice-writer (add it to CI).',
      );
    }
    const file = path.join(work, 'plan.docx');
    writeFileSync(file, docx);
    // A profile of its own, so a LibreOffice already running on the machine cannot lock the conversion.
    await run(
      office,
      [
        `-env:UserInstallation=file://${path.join(work, 'lo-profile')}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        work,
        file,
      ],
      { timeout: 150_000 },
    );
    const pdf = readFileSync(path.join(work, 'plan.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(3);
  });

  it('keeps other workspaces and anonymous callers out (404 / 401)', async () => {
    for (const format of ['html', 'md', 'pdf', 'docx']) {
      expect((await outsider.get(`${base}/${enPlan}/render.${format}`)).statusCode).toBe(404);
      expect((await t.client().get(`${base}/${enPlan}/render.${format}`)).statusCode).toBe(401);
    }
    expect((await viewer.get(`${base}/00000000-0000-4000-8000-000000000000/render.md`)).statusCode).toBe(404);
  });
});

describe('PDF rendering sandbox', () => {
  let server: Server;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits += 1;
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches nothing a document points at', { timeout: 60_000 }, async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await fetch(`${url}/reachable`);
    expect(hits).toBe(1);
    const pdf = await htmlToPdf(
      `<!doctype html><html><head><link rel="stylesheet" href="${url}/a.css"><script src="${url}/b.js"></script></head>
      <body><img src="${url}/c.png"><iframe src="${url}/d"></iframe><div style="background:url(${url}/e.png)">x</div>
      <object data="${url}/f"></object><video src="${url}/g.mp4"></video></body></html>`,
    );
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(hits).toBe(1);
  });
});
