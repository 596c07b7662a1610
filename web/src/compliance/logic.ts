// Pure logic of the compliance pages, without the DOM, so node's test runner checks it:
// who may use which page (mirroring the server's permission table in
// src/modules/api/authz.cc; the server still enforces it), batch-screening TSV in and
// out, file bytes to base64 for list imports, and the reading of a match explanation.

// ------------------------------------------------------------------ permissions

export interface HasRoles {
  roles: { role: string }[];
}

export type CompliancePermission =
  | 'lists.read'
  | 'lists.manage'
  | 'screen'
  | 'hits.read'
  | 'hits.decide'
  | 'control_categories.read'
  | 'control_categories.write'
  | 'tech_requests.create'
  | 'tech_requests.list'
  | 'tech_requests.decide';

export function can(user: HasRoles, permission: CompliancePermission): boolean {
  const has = (role: string) => user.roles.some((g) => g.role === role);
  const admin = has('administrator');
  const compliance = has('compliance_officer');
  const analyst = has('analyst');
  switch (permission) {
    case 'lists.read':
      return admin || compliance || analyst;
    case 'lists.manage':
    case 'screen':
    case 'hits.read':
    case 'control_categories.write':
    case 'tech_requests.list':
      return admin || compliance;
    case 'hits.decide':
    case 'tech_requests.decide':
      // Adjudication is the compliance officer's alone, not the administrator's.
      return compliance;
    case 'control_categories.read':
      return true;
    case 'tech_requests.create':
      // Analysts only read; anyone holding another role as well may file requests.
      return !(analyst && user.roles.length === 1);
  }
  return false;
}

// ------------------------------------------------------------------ batch screening TSV

export type SubjectKind = 'person' | 'organization';

export interface BatchQuery {
  id: string;
  name: string;
  kind?: SubjectKind;
  country?: string;
}

export interface TsvProblem {
  line: number; // 1-based
  reason: 'no_name' | 'bad_kind' | 'bad_country' | 'duplicate_id' | 'too_many';
  value?: string;
}

export const MAX_BATCH = 1000;

// Reads QUERIES.tsv as the CLI does: `query_id<TAB>name[<TAB>kind[<TAB>country]]`, no
// header. Blank lines and lines starting with # are skipped. A line without a tab is
// taken as a bare name and numbered by its line, so a pasted column of names works too.
// Returns the queries, or the first problem with its line number.
export function parseQueriesTsv(text: string): { queries: BatchQuery[] } | { problem: TsvProblem } {
  const queries: BatchQuery[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const cells = raw.split('\t').map((c) => c.trim());
    let id: string;
    let name: string;
    if (cells.length === 1) {
      id = String(lineNo);
      name = cells[0]!;
    } else {
      id = cells[0] || String(lineNo);
      name = cells[1] ?? '';
    }
    if (!name) return { problem: { line: lineNo, reason: 'no_name' } };
    const query: BatchQuery = { id, name };
    const kind = (cells[2] ?? '').toLowerCase();
    if (kind) {
      if (kind !== 'person' && kind !== 'organization') {
        return { problem: { line: lineNo, reason: 'bad_kind', value: cells[2] } };
      }
      query.kind = kind;
    }
    const country = (cells[3] ?? '').toUpperCase();
    if (country) {
      if (!/^[A-Z]{2}$/.test(country)) {
        return { problem: { line: lineNo, reason: 'bad_country', value: cells[3] } };
      }
      query.country = country;
    }
    if (seen.has(id)) return { problem: { line: lineNo, reason: 'duplicate_id', value: id } };
    seen.add(id);
    queries.push(query);
    if (queries.length > MAX_BATCH) return { problem: { line: lineNo, reason: 'too_many' } };
  }
  return { queries };
}

export interface Match {
  list: string;
  entity_id: string;
  matched_name: string;
  score: number;
  alert: boolean;
  explanation?: Explanation;
}

export interface BatchResult {
  id: string;
  matches: Match[];
}

export const RESULTS_HEADER = ['query_id', 'rank', 'score', 'alert', 'list', 'entity_id', 'matched_name'];

// A cell of a TSV row: tabs and line breaks inside a name would break the row, so they
// become spaces.
function cell(value: string): string {
  return value.replace(/[\t\r\n]+/g, ' ');
}

// RESULTS.tsv as the CLI writes it: the header, then the candidates of every query in
// rank order; a query without candidates gives no row.
export function resultsToTsv(results: BatchResult[]): string {
  const rows = [RESULTS_HEADER.join('\t')];
  for (const r of results) {
    r.matches.forEach((m, i) => {
      rows.push(
        [cell(r.id), String(i + 1), m.score.toFixed(4), m.alert ? '1' : '0', cell(m.list), cell(m.entity_id), cell(m.matched_name)].join('\t'),
      );
    });
  }
  return `${rows.join('\n')}\n`;
}

// ------------------------------------------------------------------ base64

// Standard base64 of file bytes (for `content_base64` in list imports). Works on large
// files by converting in chunks, since String.fromCharCode takes a bounded argument list.
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

// ------------------------------------------------------------------ explanations

export const HOW_CODES = [
  'exact',
  'phonetic',
  'fuzzy',
  'initial',
  'joined',
  'legal_form',
  'org_term',
  'weak',
  'missing',
  'extra',
] as const;
export type How = (typeof HOW_CODES)[number];

export interface ExplanationPart {
  query_part: string;
  candidate_part: string;
  how: string;
  similarity: number;
  weight: number;
}

export interface Explanation {
  query_reading?: string;
  candidate_reading?: string;
  parts: ExplanationPart[];
}

export interface PartRow {
  query: string; // '' when the part is only in the candidate
  candidate: string; // '' when the part is only in the query
  how: string;
  known: boolean; // `how` is one of HOW_CODES (has a label)
  similarity: string; // "92%"
  weight: string; // "31%" of the total weight
}

export function isHow(how: string): how is How {
  return (HOW_CODES as readonly string[]).includes(how);
}

export function percent(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return `${Math.round(Math.max(0, Math.min(1, value)) * 100)}%`;
}

// One row per aligned part, heaviest first, with weights shown as their share of the
// total so the reader sees which parts decided the score.
export function explanationRows(explanation: Explanation | null | undefined): PartRow[] {
  const parts = explanation?.parts ?? [];
  const total = parts.reduce((sum, p) => sum + (Number.isFinite(p.weight) ? Math.max(0, p.weight) : 0), 0);
  return parts
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (b.p.weight ?? 0) - (a.p.weight ?? 0) || a.i - b.i)
    .map(({ p }) => ({
      query: p.query_part ?? '',
      candidate: p.candidate_part ?? '',
      how: p.how,
      known: isHow(p.how),
      similarity: percent(p.similarity),
      weight: total > 0 ? percent(Math.max(0, p.weight) / total) : '—',
    }));
}

// A one-line summary such as "exact 2, phonetic 1, missing 1" in part order of HOW_CODES,
// used for the compact view of a hit.
export function explanationSummary(explanation: Explanation | null | undefined): { how: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const p of explanation?.parts ?? []) counts.set(p.how, (counts.get(p.how) ?? 0) + 1);
  const order = (how: string) => {
    const i = (HOW_CODES as readonly string[]).indexOf(how);
    return i < 0 ? HOW_CODES.length : i;
  };
  return [...counts.entries()]
    .sort((a, b) => order(a[0]) - order(b[0]) || a[0].localeCompare(b[0]))
    .map(([how, count]) => ({ how, count }));
}

// ------------------------------------------------------------------ requests

export type ScreeningStatus = 'clear' | 'open_hits' | 'true_match';

// Approval is refused by the server while any hit on the recipient is open or a true
// match; the UI explains that before the officer tries.
export function unresolvedHits(hits: { status: string }[] | null | undefined): number {
  return (hits ?? []).filter((h) => h.status === 'open' || h.status === 'true_match').length;
}

// A date typed as YYYY-MM-DD that exists on the calendar.
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

// Other names typed one per line or separated by semicolons.
export function splitNames(text: string): string[] {
  return text
    .split(/[\n;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
