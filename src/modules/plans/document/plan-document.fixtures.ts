import { inflateRawSync } from 'node:zlib';
import { type PlanDocument, type PlanLanguage, parsePlanDocument } from '../../../shared/contracts/plan';
import { forecastPlanEffects } from '../plan-forecast';
import { analysePlan } from '../plans.service';
import { buildTemplate, type PlanTemplateId } from '../templates';
import { buildPlanDocumentModel, type PlanDocumentMeta, type PlanDocumentModel } from './plan-document-model';

// Test helpers for the document renderers (not a test file itself).

/** Markup a hostile user could type; every renderer must show it as text. */
export const PAYLOADS = {
  title: '<script>alert("title")</script> & "Q" </style>',
  company: '<img src=x onerror=alert(1)>',
  summary: '<img src=x onerror=alert(2)> **bold** | pipe',
  note: '<script>alert(3)</script>',
  task: '<script>alert(4)</script> Launch',
  milestone: '<img src=x onerror=alert(5)>',
  budgetLabel: 'Ads | <b>bold</b> [link](javascript:alert(6))',
  mitigation: '<iframe src="javascript:alert(7)"></iframe>',
  unit: '<svg onload=alert(8)>',
} as const;

export const FIXED_META: PlanDocumentMeta = {
  companyName: 'Leaf & Cup Ltd',
  status: 'in_review',
  version: 2,
  approval: null,
  generatedAt: '2026-12-15T10:00:00.000Z',
};

export function templatePlan(language: PlanLanguage, id: PlanTemplateId = 'b2b-iot-sensors'): PlanDocument {
  return buildTemplate(id, { language, start: '2027-01-01' });
}

/** A template with the payloads typed into titles, notes, task names, budget lines and more. */
export function hostilePlan(language: PlanLanguage = 'en'): PlanDocument {
  const doc = templatePlan(language, 'ecommerce-tea');
  const s = doc.sections;
  doc.title = PAYLOADS.title;
  s.purpose.summary = PAYLOADS.summary;
  s.feasibility.dimensions.product.criteria[0].note = PAYLOADS.note;
  s.implementation.tasks[0].title = PAYLOADS.task;
  s.implementation.milestones[0].title = PAYLOADS.milestone;
  s.budget.lines[0].label = PAYLOADS.budgetLabel;
  s.risks.items[0].mitigation = PAYLOADS.mitigation;
  s.goals.items[0].unit = PAYLOADS.unit;
  return doc;
}

export function withForecast(doc: PlanDocument): PlanDocument {
  const effect = forecastPlanEffects(doc, {
    averageOrderValue: { low: 30, likely: 45, high: 70 },
    grossMargin: 0.4,
    seed: 7,
    simulations: 200,
    now: new Date('2026-12-01T00:00:00Z'),
  });
  // Through the schema, as the service stores it: the engine's result must be a valid section.
  const parsed = parsePlanDocument({ ...doc, sections: { ...doc.sections, effectPrediction: effect } });
  if (!parsed.ok) throw new Error(`forecast does not fit the plan schema: ${JSON.stringify(parsed.issues)}`);
  return parsed.plan;
}

export function modelOf(doc: PlanDocument, meta: Partial<PlanDocumentMeta> = {}): PlanDocumentModel {
  return buildPlanDocumentModel(doc, analysePlan(doc), { ...FIXED_META, ...meta });
}

/** The files of a zip archive (stored or deflated entries), read from its central directory. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip archive');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressed);
    files.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** A 1x1 white PNG, standing in for Chromium's chart pictures in unit tests. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC',
  'base64',
);
