// Pure logic of the exchange-programme pages (docs/network.md, "Exchange programmes"),
// without the DOM so node's test runner checks it: the four kinds with their roles and
// first status, the forward-only status table, what moving a participant needs (a report
// for "reported"), the list's filters ⇄ address ⇄ API query, and the programme editor's
// state ⇄ request body. The server enforces all of it; the UI only offers what it allows.

// ------------------------------------------------------------------ API shapes

export const PROGRAMME_KINDS = ['alumni_association', 'reinvitation', 'dispatch', 'secondment'] as const;
export type ProgrammeKind = (typeof PROGRAMME_KINDS)[number];

export const PROGRAMME_STATUSES = ['active', 'closed'] as const;

export interface Programme {
  id: number;
  kind: string;
  name: string;
  name_ja: string;
  description: string;
  country: string;
  region: string;
  org_id: number | null;
  org_name: string;
  themes: string[];
  start: string;
  end: string;
  call_open: string;
  call_close: string;
  status: string;
  participant_count: number;
  created_at: string;
  updated_at: string;
  version: number;
  participants?: Participation[];
  roles?: string[]; // the roles of its kind, as the server has them
  may_manage?: boolean; // GET /exchange-programmes/{id}: whether the caller may run it
}

export interface Participation {
  id: number;
  programme_id: number;
  person_id: number;
  person_name: string;
  person_latin_name: string;
  role: string;
  org_id: number | null;
  org_name: string;
  start: string;
  end: string;
  status: string;
  note?: string;
  report?: string;
  nominated_by?: number | string | null;
  created_at: string;
  updated_at: string;
  version: number;
  next_statuses?: string[]; // as the server's table has them
  // In GET /people/{id}/programmes: the programme it belongs to.
  programme?: { id: number; kind: string; name: string; country: string };
}

export function isProgrammeKind(kind: string): kind is ProgrammeKind {
  return (PROGRAMME_KINDS as readonly string[]).includes(kind);
}

// ------------------------------------------------------------------ statuses

// The roles a participant may hold in each kind of programme.
export const ROLES_BY_KIND: Record<ProgrammeKind, readonly string[]> = {
  alumni_association: ['member', 'officer'],
  reinvitation: ['invitee'],
  dispatch: ['dispatched'],
  secondment: ['seconded'],
};

export const FIRST_STATUS: Record<ProgrammeKind, string> = {
  alumni_association: 'active',
  reinvitation: 'nominated',
  dispatch: 'planned',
  secondment: 'planned',
};

// Status moves only forward, along this table (docs/network.md).
const TRANSITIONS: Record<ProgrammeKind, Record<string, readonly string[]>> = {
  reinvitation: {
    nominated: ['accepted', 'declined', 'withdrawn'],
    accepted: ['visiting', 'withdrawn'],
    visiting: ['visited'],
    visited: ['reported'],
  },
  dispatch: {
    planned: ['ongoing', 'withdrawn'],
    ongoing: ['completed'],
    completed: ['reported'],
  },
  secondment: {
    planned: ['ongoing', 'withdrawn'],
    ongoing: ['completed'],
    completed: ['reported'],
  },
  alumni_association: {
    active: ['ended'],
  },
};

// Every status a participant of this kind can have, in the order they are reached.
export function statusesOf(kind: string): string[] {
  if (!isProgrammeKind(kind)) return [];
  const out = [FIRST_STATUS[kind]];
  for (let i = 0; i < out.length; i++) {
    for (const next of TRANSITIONS[kind][out[i]!] ?? []) if (!out.includes(next)) out.push(next);
  }
  return out;
}

export const ALL_PARTICIPATION_STATUSES: string[] = (() => {
  const out: string[] = [];
  for (const k of PROGRAMME_KINDS) for (const s of statusesOf(k)) if (!out.includes(s)) out.push(s);
  return out;
})();

// The statuses a participant may move to next; [] when none (a final status, or a kind
// or status the UI does not know, which the server then decides alone).
export function nextStatuses(kind: string, status: string): string[] {
  if (!isProgrammeKind(kind)) return [];
  return [...(TRANSITIONS[kind][status] ?? [])];
}

export function isFinalStatus(kind: string, status: string): boolean {
  return isProgrammeKind(kind) && statusesOf(kind).includes(status) && nextStatuses(kind, status).length === 0;
}

export function requiresReport(status: string): boolean {
  return status === 'reported';
}

export type TransitionProblem = 'not_allowed' | 'report_required' | null;

// The statuses to offer a participant: the server's own list when it sent one, else
// this table's.
export function offeredStatuses(kind: string, p: Pick<Participation, 'status' | 'next_statuses'>): string[] {
  return Array.isArray(p.next_statuses) ? [...p.next_statuses] : nextStatuses(kind, p.status);
}

// Why moving from `from` to `to` would be refused, or null when allowed (by `offered`,
// the statuses shown, else by the table).
export function transitionProblem(kind: string, from: string, to: string, report: string, offered?: readonly string[]): TransitionProblem {
  if (!(offered ?? nextStatuses(kind, from)).includes(to)) return 'not_allowed';
  if (requiresReport(to) && !report.trim()) return 'report_required';
  return null;
}

// The PUT body moving a participant: the version read, the new status, and the report
// when one is needed (kept otherwise: PUT changes only what it names).
export function transitionBody(p: Pick<Participation, 'version'>, to: string, report: string): Record<string, unknown> {
  const body: Record<string, unknown> = { status: to, version: p.version };
  if (requiresReport(to) || report.trim()) body.report = report.trim();
  return body;
}

// ------------------------------------------------------------------ the call window

// "YYYY-MM-DD" of a date in the browser's time zone.
export function isoDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// Whether nominations are accepted on `today` (YYYY-MM-DD): re-invitations only, within
// call_open..call_close inclusive, an empty end meaning open-ended; other kinds always.
export function callState(p: Pick<Programme, 'kind' | 'call_open' | 'call_close' | 'status'>, today: string): 'open' | 'not_yet' | 'over' | 'closed' {
  if (p.status === 'closed') return 'closed';
  if (p.kind !== 'reinvitation') return 'open';
  if (p.call_open && today < p.call_open) return 'not_yet';
  if (p.call_close && today > p.call_close) return 'over';
  return 'open';
}

// ------------------------------------------------------------------ the list's filters

export interface ProgrammeFilters {
  kind: string;
  country: string;
  region: string;
}

export function parseProgrammeFilters(query: URLSearchParams): ProgrammeFilters {
  const kind = query.get('kind') ?? '';
  return {
    kind: isProgrammeKind(kind) ? kind : '',
    country: (query.get('country') ?? '').trim().toUpperCase().slice(0, 2),
    region: query.get('region') ?? '',
  };
}

// The query string (page address and API alike); '' when nothing is filtered.
export function programmeFiltersQuery(f: ProgrammeFilters): string {
  const p = new URLSearchParams();
  if (f.kind) p.set('kind', f.kind);
  if (f.country.trim()) p.set('country', f.country.trim().toUpperCase());
  if (f.region) p.set('region', f.region);
  return p.toString();
}

// ------------------------------------------------------------------ the editor

export interface ProgrammeFormState {
  kind: string;
  name: string;
  name_ja: string;
  description: string;
  country: string;
  org_id: string;
  themes: string[];
  start: string;
  end: string;
  call_open: string;
  call_close: string;
  status: string;
}

export function emptyProgrammeForm(): ProgrammeFormState {
  return {
    kind: 'reinvitation',
    name: '',
    name_ja: '',
    description: '',
    country: '',
    org_id: '',
    themes: [],
    start: '',
    end: '',
    call_open: '',
    call_close: '',
    status: 'active',
  };
}

export function programmeToForm(p: Partial<Programme>): ProgrammeFormState {
  return {
    kind: p.kind ?? 'reinvitation',
    name: p.name ?? '',
    name_ja: p.name_ja ?? '',
    description: p.description ?? '',
    country: p.country ?? '',
    org_id: p.org_id === null || p.org_id === undefined ? '' : String(p.org_id),
    themes: [...(p.themes ?? [])],
    start: p.start ?? '',
    end: p.end ?? '',
    call_open: p.call_open ?? '',
    call_close: p.call_close ?? '',
    status: p.status || 'active',
  };
}

// The POST body for a new programme, or with `original` the PUT body (its version and
// the status). Empty optional fields are sent empty so that a PUT clears them; the call
// window belongs to re-invitations only and is left out for the other kinds.
export function formToProgramme(s: ProgrammeFormState, original: Pick<Programme, 'version'> | null): Record<string, unknown> {
  const orgId = s.org_id.trim();
  const body: Record<string, unknown> = {
    kind: s.kind,
    name: s.name.trim(),
    name_ja: s.name_ja.trim(),
    description: s.description.replace(/\r\n?/g, '\n').trim(),
    country: s.country.trim().toUpperCase(),
    themes: [...s.themes],
    start: s.start.trim(),
    end: s.end.trim(),
  };
  if (orgId) body.org_id = /^\d+$/.test(orgId) ? Number(orgId) : orgId;
  else if (original) body.org_id = null;
  if (s.kind === 'reinvitation') {
    body.call_open = s.call_open.trim();
    body.call_close = s.call_close.trim();
  }
  if (original) {
    body.status = s.status || 'active';
    body.version = original.version;
  }
  return body;
}

// The POST body adding a participant; role defaults to the kind's only role.
export function participantBody(
  kind: string,
  v: { person_id: number; role: string; start: string; end: string; note: string },
): Record<string, unknown> {
  const roles = isProgrammeKind(kind) ? ROLES_BY_KIND[kind] : [];
  const body: Record<string, unknown> = { person_id: v.person_id };
  const role = v.role || (roles.length === 1 ? roles[0]! : '');
  if (role) body.role = role;
  if (v.start.trim()) body.start = v.start.trim();
  if (v.end.trim()) body.end = v.end.trim();
  if (v.note.trim()) body.note = v.note.trim();
  return body;
}

// Participants grouped by status in the kind's order (unknown statuses last), for the
// programme page's counts.
export function countByStatus(kind: string, participants: readonly Pick<Participation, 'status'>[]): { status: string; count: number }[] {
  const order = statusesOf(kind);
  const counts = new Map<string, number>();
  for (const p of participants) counts.set(p.status, (counts.get(p.status) ?? 0) + 1);
  const known = order.filter((s) => counts.has(s)).map((s) => ({ status: s, count: counts.get(s)! }));
  const other = [...counts.keys()].filter((s) => !order.includes(s)).sort().map((s) => ({ status: s, count: counts.get(s)! }));
  return [...known, ...other];
}
