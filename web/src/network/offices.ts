// Pure logic of the overseas-office pages (docs/network.md, "Overseas offices and
// cooperation needs"), without the DOM: the shapes the API sends, the summary of needs
// as a theme × status table with totals, the needs list's filters, and the request
// bodies that report a need or change its status.

import { THEMES, type Organization } from './logic.js';
import type { Programme } from './programmes.js';

export const NEED_STATUSES = ['open', 'addressed', 'closed'] as const;

export interface OfficeSummary {
  office: Organization;
  alumni_count: number;
  partner_count: number;
  open_needs: number;
}

export interface AlumnusRow {
  id: number;
  name: string;
  latin_name?: string;
  country?: string;
  countries?: string[];
}

export interface PartnerRow {
  id: number;
  display_name: string;
  country: string;
  city?: string;
  types?: string[];
  people?: number; // alumni affiliated with it
}

export interface OfficeDetail {
  office: Organization;
  region: string;
  countries: string[];
  alumni_count: number;
  alumni: AlumnusRow[];
  partner_count: number;
  partners: PartnerRow[];
  programmes: Programme[];
  needs?: Need[]; // only for those who may read needs
  may_report?: boolean; // whether the caller may report and update this office's needs
}

export interface Need {
  id: number;
  office_id: number;
  office_name: string;
  region: string;
  country: string;
  partner_org_id: number | null;
  partner_org_name: string;
  theme: string;
  title: string;
  body: string;
  status: string;
  reported_by: number | string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface NeedSummaryItem {
  theme: string;
  status: string;
  count: number;
}

export interface NeedsMatrix {
  themes: string[];
  statuses: string[];
  cells: Record<string, Record<string, number>>;
  themeTotals: Record<string, number>;
  statusTotals: Record<string, number>;
  total: number;
}

// The summary as a table: a row for each of the five themes (always, zeros included, so
// a theme nobody asked about shows as such) and for any other theme the data holds; a
// column per status, known ones first; totals each way. Repeated (theme, status) items
// are added up.
export function needsMatrix(items: readonly NeedSummaryItem[]): NeedsMatrix {
  const themes: string[] = [...THEMES];
  const statuses: string[] = [...NEED_STATUSES];
  for (const it of items) {
    if (!themes.includes(it.theme)) themes.push(it.theme);
    if (!statuses.includes(it.status)) statuses.push(it.status);
  }
  const cells: Record<string, Record<string, number>> = {};
  const themeTotals: Record<string, number> = {};
  const statusTotals: Record<string, number> = {};
  for (const t of themes) {
    cells[t] = Object.fromEntries(statuses.map((s) => [s, 0]));
    themeTotals[t] = 0;
  }
  for (const s of statuses) statusTotals[s] = 0;
  let total = 0;
  for (const it of items) {
    const n = Number.isFinite(it.count) && it.count > 0 ? it.count : 0;
    cells[it.theme]![it.status] = (cells[it.theme]![it.status] ?? 0) + n;
    themeTotals[it.theme] = (themeTotals[it.theme] ?? 0) + n;
    statusTotals[it.status] = (statusTotals[it.status] ?? 0) + n;
    total += n;
  }
  return { themes, statuses, cells, themeTotals, statusTotals, total };
}

export interface NeedFilters {
  region: string;
  theme: string;
  status: string;
  office_id: string;
}

export function parseNeedFilters(query: URLSearchParams): NeedFilters {
  const theme = query.get('theme') ?? '';
  const status = query.get('status') ?? '';
  const office = query.get('office_id') ?? '';
  return {
    region: query.get('region') ?? '',
    theme: (THEMES as readonly string[]).includes(theme) ? theme : '',
    status: (NEED_STATUSES as readonly string[]).includes(status) ? status : '',
    office_id: /^\d+$/.test(office) ? office : '',
  };
}

export function needFiltersQuery(f: NeedFilters): string {
  const p = new URLSearchParams();
  for (const k of ['region', 'theme', 'status', 'office_id'] as const) if (f[k]) p.set(k, f[k]);
  return p.toString();
}

export interface NeedFormState {
  country: string;
  partner_org_id: string;
  theme: string;
  title: string;
  body: string;
}

// The POST body reporting a need at an office.
export function newNeedBody(officeId: number, s: NeedFormState): Record<string, unknown> {
  const body: Record<string, unknown> = {
    office_id: officeId,
    country: s.country.trim().toUpperCase(),
    theme: s.theme,
    title: s.title.trim(),
  };
  if (s.partner_org_id) body.partner_org_id = Number(s.partner_org_id);
  const text = s.body.replace(/\r\n?/g, '\n').trim();
  if (text) body.body = text;
  return body;
}

// The PUT body changing a need's status: "the same and status, version" — every field
// as read, so that nothing is cleared by leaving it out.
export function needStatusBody(n: Need, status: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    office_id: n.office_id,
    country: n.country,
    theme: n.theme,
    title: n.title,
    body: n.body ?? '',
    status,
    version: n.version,
  };
  if (n.partner_org_id !== null && n.partner_org_id !== undefined) body.partner_org_id = n.partner_org_id;
  return body;
}
