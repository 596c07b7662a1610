// Pure logic of the programmes-and-calls pages (docs/programmes.md, "API"), without the
// DOM so node's test runner checks it: the API's shapes, who is offered which page, the
// deadline in the call's zone and in the browser's with a countdown, character and word
// counts against a form's limits, the eligibility checklist and the input a verdict
// names, budget totals, the proposal editor's state ⇄ content, the call editor's state ⇄
// definition, and the list filters ⇄ address ⇄ API query. The server decides all of it;
// the UI only shows it early.

// ------------------------------------------------------------------ API shapes

export interface Funder {
  agency: string;
  budget: number | null;
  currency: string;
  countries: string[];
}

export interface CallSummary {
  id: number;
  programme_id: number;
  programme_name: string;
  title: string;
  title_ja: string;
  opens: string;
  closes: string;
  opens_local: string;
  closes_local: string;
  time_zone: string;
  status: string; // open | upcoming | closed
  funding_model: string;
  stages: number;
  funders: Funder[];
  proposal_count?: number; // officers only
  // Two-stage calls: the pre-proposals' deadline (new proposals are taken until then).
  pre_proposal_closes?: string;
  pre_proposal_closes_local?: string;
}

export interface Rule {
  kind: string;
  [param: string]: unknown;
}

export interface Slot {
  code: string;
  name_en: string;
  name_ja?: string;
  quota?: number | null;
  rules?: Rule[];
}

export interface RuleText {
  slot: string;
  rule: number;
  en: string;
  ja: string;
}

export interface FormSection {
  key: string;
  title_en: string;
  title_ja?: string;
  max_chars?: number | null;
  max_words?: number | null;
  required?: boolean;
}

export interface AttachmentSpec {
  key: string;
  title_en: string;
  title_ja?: string;
  types?: string[];
  max_bytes?: number | null;
  required?: boolean;
}

export interface Criterion {
  key: string;
  title_en: string;
  title_ja?: string;
  weight?: number | null;
  scale_max?: number | null;
}

export interface Call extends CallSummary {
  description: string;
  themes: string[];
  slots: Slot[];
  rules: Rule[];
  rules_text: RuleText[];
  form: { sections: FormSection[]; attachments: AttachmentSpec[] };
  criteria: Criterion[];
  source: string;
  version: number;
  links?: unknown;
}

export interface Programme {
  id: number;
  agency_id: number;
  agency_code: string;
  kind: string;
  name: string;
  name_ja: string;
  description: string;
  themes: string[];
  partner_agencies: string[];
  call_count: number;
  version: number;
}

export interface Verdict {
  slot: string;
  rule: number;
  kind: string;
  ok: boolean;
  field?: string;
  message_en?: string;
  message_ja?: string;
  rule_en: string;
  rule_ja: string;
}

export interface Check {
  eligible: boolean;
  verdicts: Verdict[];
}

export const ROLES = ['lead', 'co_lead', 'member'] as const;

export interface Member {
  person_id?: number | null;
  email?: string;
  name: string;
  role: string;
  country: string;
  organization?: string;
  org_type?: string;
  team?: string;
}

export interface BudgetLine {
  funder: string;
  year: number | string;
  category: string;
  team?: string;
  amount: number | string;
  currency: string;
}

export interface Target {
  indicator: string;
  target: string;
}

export interface ProposalContent {
  title: string;
  abstract?: string;
  slot?: string;
  team: Member[];
  budget: BudgetLine[];
  sections: Record<string, string>;
  statements: Record<string, string>;
  internationalisation: { plan: string; targets: Target[] };
  language?: string;
  keywords?: string[];
}

export interface Attachment {
  id: number;
  key: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  scan: string;
}

export interface ScreeningAlert {
  list: string;
  entity_id: string;
  matched_name: string;
  score: number;
}

export interface Screening {
  status: string; // pending | clear | alerts (none before submission)
  screened_at?: string | null;
  members?: { field: string; name: string; alerts: ScreeningAlert[] }[];
}

export interface FormError {
  field: string;
  message_en: string;
  message_ja: string;
}

export interface Proposal extends ProposalContent {
  id: number;
  call_id: number;
  owner_user_id: number;
  state: string; // draft | submitted | withdrawn
  stage?: number; // 1: a two-stage call's pre-proposal; 2: a full proposal
  version: number;
  created_at: string;
  updated_at: string;
  submitted_at?: string | null;
  check?: Check | null;
  attachments?: Attachment[];
  form_errors?: FormError[];
  screening?: Screening | string | null; // officers and administrators only
  // Summaries may carry these.
  call_title?: string;
  call_title_ja?: string;
  eligible?: boolean;
  screening_status?: string;
  owner_name?: string;
  countries?: string[];
  requested?: Record<string, number>; // per funder
  submitted_version?: number | null;
}

export interface Receipt {
  number: string;
  proposal_id: number;
  version: number;
  stage?: number; // 1: a pre-proposal's receipt (number ending "-PRE"); 2: a full proposal's
  time_zone?: string;
  submitted_at: string;
  submitted_local: string;
  sha256: string;
}

export interface VersionInfo {
  number: number;
  state: string;
  created_at: string;
  sha256: string;
  submitted: boolean;
}

export interface FunderTotal {
  agency: string;
  currency: string;
  budget: number | null;
  requested: number;
  requested_submitted: number;
}

// ------------------------------------------------------------------ permissions

export interface HasRoles {
  roles: { role: string }[];
}

export type ProgrammesPermission = 'calls.manage' | 'proposals.write';

// Mirrors docs/programmes.md: administrators and programme officers build calls and watch
// submissions (the server narrows an officer to their agency's calls); everyone signed in
// but analysts may write proposals.
export function canProgrammes(user: HasRoles, permission: ProgrammesPermission): boolean {
  const has = (role: string) => user.roles.some((g) => g.role === role);
  switch (permission) {
    case 'calls.manage':
      return has('administrator') || has('programme_officer');
    case 'proposals.write':
      return !(has('analyst') && user.roles.every((g) => g.role === 'analyst'));
  }
  return false;
}

// ------------------------------------------------------------------ times and zones

// "2027-01-31T17:00:00+09:00" (an instant written in a zone, as the API's *_local
// fields are) as "2027-01-31 17:00:00 UTC+09:00"; other text is returned as it is.
export function formatLocalIso(local: string | null | undefined): string {
  if (!local) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(local.trim());
  if (!m) return local;
  const time = m[2]!.length === 5 ? `${m[2]}:00` : m[2]!;
  let offset = m[3] ?? '';
  if (offset === 'Z') offset = '+00:00';
  else if (offset && !offset.includes(':')) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  return offset ? `${m[1]} ${time} UTC${offset}` : `${m[1]} ${time}`;
}

// An instant as "2027-01-31 09:00:00 UTC+01:00" in an IANA zone, written the same way in
// every language; the instant as given when the zone is unknown to the browser.
export function formatInZone(iso: string, zone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    }).formatToParts(date);
  } catch {
    return iso;
  }
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const hour = get('hour') === '24' ? '00' : get('hour');
  const name = get('timeZoneName'); // "GMT+09:00", "GMT-03:30" or "GMT"
  const offset = /^GMT([+-]\d{2}:\d{2})$/.exec(name)?.[1] ?? (name === 'GMT' || name === 'UTC' ? '+00:00' : '');
  const text = `${get('year')}-${get('month')}-${get('day')} ${hour}:${get('minute')}:${get('second')}`;
  return offset ? `${text} UTC${offset}` : `${text} ${name}`.trim();
}

// The browser's IANA zone, "UTC" when it cannot say.
export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export type TimeLeft =
  | { kind: 'past' }
  | { kind: 'days'; n: number }
  | { kind: 'hours'; n: number }
  | { kind: 'minutes'; n: number };

// How long until `iso`: whole days when a day or more is left, else whole hours, else
// minutes (at least 1); "past" once the instant has come.
export function timeLeft(iso: string, nowMs: number): TimeLeft {
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return { kind: 'past' };
  const ms = at - nowMs;
  if (ms <= 0) return { kind: 'past' };
  const minute = 60_000;
  const hour = 60 * minute;
  const day = 24 * hour;
  if (ms >= day) return { kind: 'days', n: Math.floor(ms / day) };
  if (ms >= hour) return { kind: 'hours', n: Math.floor(ms / hour) };
  return { kind: 'minutes', n: Math.max(1, Math.ceil(ms / minute)) };
}

// The catalogue key and count of "closes in N days" (or opens, for an upcoming call; or
// "pre-proposals close in N days", for a two-stage call's first deadline).
export function countdownKey(left: TimeLeft, what: 'closes' | 'opens' | 'pre_closes'): { key: string; n: number } {
  if (left.kind === 'past') return { key: `pc.${what}_past`, n: 0 };
  const one = left.n === 1 ? '_one' : '';
  return { key: `pc.${what}_in.${left.kind}${one}`, n: left.n };
}

// The wall-clock part of an instant written in its zone ("2027-01-31T17:00:00+09:00" →
// "2027-01-31T17:00:00"), as a call definition takes it.
export function wallClock(local: string | null | undefined): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?/.exec((local ?? '').trim());
  return m ? `${m[1]}T${m[2]}${m[3] ?? ':00'}` : (local ?? '').trim();
}

// ------------------------------------------------------------------ two-stage calls

// A two-stage call takes new proposals as pre-proposals (stage 1) until the pre-proposal
// deadline; the officers invite the ones they want to the full proposal (stage 2), due by
// the call's closing deadline. A single-stage call's proposals are stage 2 from the start.

export type Stage = 1 | 2;

export function isTwoStage(c: Pick<CallSummary, 'stages' | 'pre_proposal_closes'>): boolean {
  return Number(c.stages) === 2 && Boolean(c.pre_proposal_closes);
}

// A proposal's stage (a proposal that says none is a full one).
export function proposalStage(p: Pick<Proposal, 'stage'>): Stage {
  return Number(p.stage) === 1 ? 1 : 2;
}

// A receipt's stage: as the server gives it, else by its number ("…-PRE" is a
// pre-proposal's).
export function receiptStage(r: Pick<Receipt, 'stage' | 'number'>): Stage {
  if (r.stage !== undefined && r.stage !== null) return Number(r.stage) === 1 ? 1 : 2;
  return /-PRE$/.test(r.number ?? '') ? 1 : 2;
}

// The catalogue key of a stage: "Pre-proposal" / "Full proposal".
export function stageKey(stage: number | null | undefined): 'pc.stage.pre' | 'pc.stage.full' {
  return Number(stage) === 1 ? 'pc.stage.pre' : 'pc.stage.full';
}

// Whether `nowMs` is after an instant as the server judges it: by whole seconds, the
// instant's own second still on time.
function after(iso: string, nowMs: number): boolean {
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return false;
  return Math.floor(nowMs / 1000) > Math.floor(at / 1000);
}

export type CallPhase = 'upcoming' | 'pre' | 'full' | 'closed';

// Where a call stands: not open yet; taking pre-proposals (a two-stage call, until its
// pre-proposal deadline); taking full proposals (a single-stage call while open, or a
// two-stage call's invited proposals once pre-proposals have closed); closed.
export function callPhase(c: Pick<CallSummary, 'opens' | 'closes' | 'stages' | 'pre_proposal_closes'>, nowMs: number): CallPhase {
  if (after(c.closes, nowMs)) return 'closed';
  const opens = new Date(c.opens).getTime();
  if (!Number.isNaN(opens) && nowMs < opens) return 'upcoming';
  if (isTwoStage(c) && !after(c.pre_proposal_closes!, nowMs)) return 'pre';
  return 'full';
}

export interface Deadline {
  kind: 'pre' | 'final'; // the pre-proposal deadline, or the call's closing one
  at: string; // the instant (UTC)
  local: string; // the instant in the call's zone, as the server wrote it ('' if not given)
}

function preDeadline(c: Pick<CallSummary, 'pre_proposal_closes' | 'pre_proposal_closes_local'>): Deadline {
  return { kind: 'pre', at: c.pre_proposal_closes ?? '', local: c.pre_proposal_closes_local ?? '' };
}
function finalDeadline(c: Pick<CallSummary, 'closes' | 'closes_local'>): Deadline {
  return { kind: 'final', at: c.closes, local: c.closes_local ?? '' };
}

type DeadlineCall = Pick<CallSummary, 'closes' | 'closes_local' | 'stages' | 'pre_proposal_closes' | 'pre_proposal_closes_local'>;

// The deadline a proposal at `stage` is submitted by: a two-stage call's pre-proposals
// by the pre-proposal deadline, everything else by the call's closing deadline.
export function deadlineFor(c: DeadlineCall, stage: number | null | undefined): Deadline {
  return isTwoStage(c) && Number(stage) === 1 ? preDeadline(c) : finalDeadline(c);
}

// The deadline that applies now to the call as a whole: a two-stage call's pre-proposal
// deadline until it has passed (and before the call opens), then the closing one.
export function currentDeadline(c: DeadlineCall & Pick<CallSummary, 'opens'>, nowMs: number): Deadline {
  const phase = callPhase(c, nowMs);
  return isTwoStage(c) && (phase === 'pre' || phase === 'upcoming') ? preDeadline(c) : finalDeadline(c);
}

// Whether the call takes new proposals by its dates (the server refuses them after the
// call closes and, in a two-stage call, after the pre-proposal deadline). Drafts may be
// started before the call opens.
export function takesNewProposals(c: Pick<CallSummary, 'opens' | 'closes' | 'stages' | 'pre_proposal_closes'>, nowMs: number): boolean {
  const phase = callPhase(c, nowMs);
  if (phase === 'closed') return false;
  return !(isTwoStage(c) && phase === 'full');
}

// Whether a form's required section or attachment is required at a stage: a pre-proposal
// needs the eligibility rules met but none of the form's sections and attachments.
export function requiredAt(required: boolean | null | undefined, stage: number | null | undefined): boolean {
  return Boolean(required) && Number(stage) !== 1;
}

// Whether the officers may invite a proposal to the full proposal: a two-stage call's
// submitted pre-proposal.
export function canInvite(p: Pick<Proposal, 'stage' | 'state'>, c: Pick<CallSummary, 'stages' | 'pre_proposal_closes'>): boolean {
  return isTwoStage(c) && proposalStage(p) === 1 && p.state === 'submitted';
}

// ------------------------------------------------------------------ counting

// Characters as the user sees them typed: Unicode code points, a line break counting one.
export function countChars(text: string): number {
  let n = 0;
  for (const _ of text.replace(/\r\n?/g, '\n')) n += 1;
  return n;
}

// Words as the server counts them (programmes.cc CountWords), so the count shown is the
// one a limit is checked against: runs of anything but spaces (space, tab, line breaks,
// the ideographic space, no-break space), and each kana, Chinese character or Hangul
// syllable on its own.
function isCjk(cp: number): boolean {
  return (
    (cp >= 0x3040 && cp <= 0x30ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0x20000 && cp <= 0x2ffff)
  );
}
const WORD_BREAKS = new Set([0x20, 0x09, 0x0a, 0x0d, 0x3000, 0xa0]);
export function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isCjk(cp)) {
      n += 1;
      inWord = false;
    } else if (WORD_BREAKS.has(cp)) {
      inWord = false;
    } else if (!inWord) {
      n += 1;
      inWord = true;
    }
  }
  return n;
}

export interface Usage {
  chars: number;
  words: number;
  maxChars: number | null;
  maxWords: number | null;
  over: boolean;
  missing: boolean; // required and empty
}

export function sectionUsage(text: string, section: Pick<FormSection, 'max_chars' | 'max_words' | 'required'>): Usage {
  const chars = countChars(text);
  const words = countWords(text);
  const maxChars = section.max_chars ? Number(section.max_chars) : null;
  const maxWords = section.max_words ? Number(section.max_words) : null;
  return {
    chars,
    words,
    maxChars,
    maxWords,
    over: (maxChars !== null && chars > maxChars) || (maxWords !== null && words > maxWords),
    missing: Boolean(section.required) && text.trim() === '',
  };
}

// ------------------------------------------------------------------ the checklist

export interface ChecklistItem {
  ok: boolean;
  slot: string;
  kind: string;
  rule: string; // the rule as a sentence, in the UI language
  message: string; // why it failed, in the UI language ('' when ok)
  field: string; // the field to fix ('' when ok or unnamed)
}

const pick = (lang: string, ja: string | undefined, en: string | undefined) =>
  (lang === 'ja' ? ja || en : en || ja) ?? '';

// The verdicts as a checklist in the UI language, in the server's order (the call's
// rules, then the slot's).
export function checklist(check: Check | null | undefined, lang: string): ChecklistItem[] {
  return (check?.verdicts ?? []).map((v) => ({
    ok: Boolean(v.ok),
    slot: v.slot ?? '',
    kind: v.kind ?? '',
    rule: pick(lang, v.rule_ja, v.rule_en),
    message: v.ok ? '' : pick(lang, v.message_ja, v.message_en),
    field: v.ok ? '' : (v.field ?? ''),
  }));
}

export function failedCount(check: Check | null | undefined): number {
  return (check?.verdicts ?? []).filter((v) => !v.ok).length;
}

// The places an API field may be shown, most precise first: "team[2].country" →
// ["team[2].country", "team[2]", "team"]; "statements.policy_requirement" →
// ["statements.policy_requirement", "statements"].
// A field of /check's "content" is the proposal's own field.
export function fieldCandidates(field: string | null | undefined): string[] {
  const out: string[] = [];
  let f = (field ?? '').trim().replace(/^content\./, '');
  while (f) {
    out.push(f);
    const cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
    f = cut > 0 ? f.slice(0, cut) : '';
  }
  return out;
}

// The first of `field`'s candidates that the page has, or null.
export function resolveField(field: string | null | undefined, has: (name: string) => boolean): string | null {
  for (const c of fieldCandidates(field)) if (has(c)) return c;
  return null;
}

// The fields the failed verdicts and form errors name, each once.
export function flaggedFields(check: Check | null | undefined, formErrors: readonly FormError[] = []): string[] {
  const out: string[] = [];
  for (const v of check?.verdicts ?? []) if (!v.ok && v.field && !out.includes(v.field)) out.push(v.field);
  for (const e of formErrors) if (e.field && !out.includes(e.field)) out.push(e.field);
  return out;
}

// ------------------------------------------------------------------ budgets

// "90,000,000 JPY" in the UI language's digits grouping; "—" for no amount.
export function formatAmount(amount: number | null | undefined, currency: string, lang: string): string {
  if (amount === null || amount === undefined || !Number.isFinite(Number(amount))) return '—';
  const n = new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: 2 }).format(Number(amount));
  return currency ? `${n} ${currency}` : n;
}

export interface TotalRow extends FunderTotal {
  share: number | null; // requested / budget, in percent (one decimal)
  shareSubmitted: number | null;
  over: boolean; // submitted requests exceed the funder's budget
}

// The officer's totals with each funder's share of its budget.
export function totalsRows(totals: readonly FunderTotal[] | null | undefined): TotalRow[] {
  return (totals ?? []).map((t) => {
    const budget = t.budget === null || t.budget === undefined ? null : Number(t.budget);
    const share = (v: number) => (budget && budget > 0 ? Math.round((v / budget) * 1000) / 10 : null);
    return {
      ...t,
      requested: Number(t.requested) || 0,
      requested_submitted: Number(t.requested_submitted) || 0,
      budget,
      share: share(Number(t.requested) || 0),
      shareSubmitted: share(Number(t.requested_submitted) || 0),
      over: budget !== null && (Number(t.requested_submitted) || 0) > budget,
    };
  });
}

export interface DraftTotal {
  funder: string;
  currency: string;
  amount: number;
  budget: number | null; // the funder's budget for the whole call, when known
  currencyMismatch: boolean; // lines in a currency other than the funder's
}

// A draft's budget summed per funder and currency (lines whose amount is not a number are
// left out), in the order the call lists its funders, then any other funder named.
export function draftTotals(lines: readonly BudgetLine[], funders: readonly Funder[]): DraftTotal[] {
  const sums = new Map<string, DraftTotal>();
  for (const line of lines) {
    const amount = typeof line.amount === 'number' ? line.amount : Number(String(line.amount).trim());
    if (String(line.amount).trim() === '' || !Number.isFinite(amount)) continue;
    const funder = line.funder.trim();
    const currency = line.currency.trim().toUpperCase();
    const key = `${funder}\u0000${currency}`;
    const known = funders.find((f) => f.agency === funder);
    const entry = sums.get(key) ?? {
      funder,
      currency,
      amount: 0,
      budget: known ? known.budget : null,
      currencyMismatch: Boolean(known && known.currency && known.currency !== currency),
    };
    entry.amount += amount;
    sums.set(key, entry);
  }
  const order = (f: string) => {
    const i = funders.findIndex((x) => x.agency === f);
    return i < 0 ? funders.length : i;
  };
  return [...sums.values()].sort((a, b) => order(a.funder) - order(b.funder) || a.funder.localeCompare(b.funder) || a.currency.localeCompare(b.currency));
}

// ------------------------------------------------------------------ statements

export interface StatementSpec {
  key: string;
  min_chars: number;
  label_en: string;
  label_ja: string;
  slot: string;
}

// The statements the call's rules and the chosen slot's rules ask for, each key once.
export function requiredStatements(call: Pick<Call, 'rules' | 'slots'>, slot: string): StatementSpec[] {
  const out: StatementSpec[] = [];
  const add = (rules: readonly Rule[] | undefined, from: string) => {
    for (const r of rules ?? []) {
      if (r.kind !== 'statement' || typeof r.statement !== 'string' || !r.statement) continue;
      if (out.some((s) => s.key === r.statement)) continue;
      out.push({
        key: r.statement,
        min_chars: Number(r.min_chars) || 0,
        label_en: typeof r.label_en === 'string' ? r.label_en : '',
        label_ja: typeof r.label_ja === 'string' ? r.label_ja : '',
        slot: from,
      });
    }
  };
  add(call.rules, '');
  if (slot) add(call.slots?.find((s) => s.code === slot)?.rules, slot);
  return out;
}

// The rules' sentences for one slot ('' = the call's own), in the UI language.
export function rulesTextFor(call: Pick<Call, 'rules_text'>, slot: string, lang: string): string[] {
  return (call.rules_text ?? []).filter((r) => (r.slot ?? '') === slot).map((r) => pick(lang, r.ja, r.en));
}

// ------------------------------------------------------------------ proposal content

export function emptyMember(): Member {
  return { name: '', role: 'member', country: '', organization: '', org_type: '', team: '' };
}

export function emptyBudgetLine(funder?: Funder): BudgetLine {
  return { funder: funder?.agency ?? '', year: '', category: '', team: '', amount: '', currency: funder?.currency ?? '' };
}

// The editor's copy of a proposal's content: every part present, numbers kept as the
// text typed so a half-typed amount is not lost.
export function contentOf(p: Partial<ProposalContent>): ProposalContent {
  return {
    title: p.title ?? '',
    abstract: p.abstract ?? '',
    slot: p.slot ?? '',
    team: (p.team ?? []).map((m) => ({
      ...m,
      name: m.name ?? '',
      role: m.role || 'member',
      country: m.country ?? '',
      organization: m.organization ?? '',
      org_type: m.org_type ?? '',
      team: m.team ?? '',
    })),
    budget: (p.budget ?? []).map((b) => ({
      funder: b.funder ?? '',
      year: b.year === null || b.year === undefined ? '' : String(b.year),
      category: b.category ?? '',
      team: b.team ?? '',
      amount: b.amount === null || b.amount === undefined ? '' : String(b.amount),
      currency: b.currency ?? '',
    })),
    sections: { ...(p.sections ?? {}) },
    statements: { ...(p.statements ?? {}) },
    internationalisation: {
      plan: p.internationalisation?.plan ?? '',
      targets: (p.internationalisation?.targets ?? []).map((t) => ({ indicator: t.indicator ?? '', target: t.target ?? '' })),
    },
    language: p.language ?? '',
    keywords: [...(p.keywords ?? [])],
  };
}

// A whole number typed as text becomes a number; anything else is sent as typed so the
// server's error names the field.
function numberOrText(v: number | string): number | string {
  if (typeof v === 'number') return v;
  const s = v.trim().replace(/[,\s_]/g, '');
  return /^-?\d+$/.test(s) ? Number(s) : v.trim();
}

const trimmed = (s: string | undefined) => (s ?? '').trim();

// The content sent to the API (PUT, POST …/check). Rows are sent one for one, in order,
// so that a field the server names ("team[2].country") is the row the user sees.
// Optional text left empty is left out; countries and currencies are upper-cased.
export function contentBody(c: ProposalContent): Record<string, unknown> {
  const body: Record<string, unknown> = {
    title: trimmed(c.title),
    team: c.team.map((m) => {
      const out: Record<string, unknown> = { name: trimmed(m.name), role: m.role || 'member', country: trimmed(m.country).toUpperCase() };
      if (m.person_id) out.person_id = m.person_id;
      if (trimmed(m.email)) out.email = trimmed(m.email);
      if (trimmed(m.organization)) out.organization = trimmed(m.organization);
      if (trimmed(m.org_type)) out.org_type = trimmed(m.org_type);
      if (trimmed(m.team)) out.team = trimmed(m.team);
      return out;
    }),
    budget: c.budget.map((b) => {
      const out: Record<string, unknown> = {
        funder: trimmed(b.funder),
        year: numberOrText(b.year),
        category: trimmed(b.category),
        amount: numberOrText(b.amount),
        currency: trimmed(b.currency).toUpperCase(),
      };
      if (trimmed(b.team)) out.team = trimmed(b.team);
      return out;
    }),
    sections: Object.fromEntries(Object.entries(c.sections).map(([k, v]) => [k, v.replace(/\r\n?/g, '\n')])),
    statements: Object.fromEntries(Object.entries(c.statements).map(([k, v]) => [k, v.replace(/\r\n?/g, '\n')])),
    internationalisation: {
      plan: c.internationalisation.plan.replace(/\r\n?/g, '\n'),
      targets: c.internationalisation.targets.map((t) => ({ indicator: trimmed(t.indicator), target: trimmed(t.target) })),
    },
  };
  if (trimmed(c.abstract)) body.abstract = c.abstract!.replace(/\r\n?/g, '\n');
  body.slot = trimmed(c.slot);
  if (trimmed(c.language)) body.language = trimmed(c.language);
  if (c.keywords?.length) body.keywords = [...c.keywords];
  return body;
}

// Whether the owner may still change the proposal.
export function isEditable(p: Pick<Proposal, 'state' | 'owner_user_id'>, userId: number): boolean {
  return p.state === 'draft' && p.owner_user_id === userId;
}

// The screening status of a proposal or summary ("none" before submission).
export function screeningStatus(p: Pick<Proposal, 'screening' | 'screening_status'>): string {
  if (typeof p.screening === 'string') return p.screening;
  return p.screening?.status ?? p.screening_status ?? 'none';
}

// The matched list names of a screening, each once: "Kurogane Tetsuo (demo-list)".
export function screeningMatches(s: Screening | string | null | undefined): { member: string; field: string; matched: string; list: string; score: number }[] {
  if (!s || typeof s === 'string') return [];
  const out: { member: string; field: string; matched: string; list: string; score: number }[] = [];
  for (const m of s.members ?? []) {
    for (const a of m.alerts ?? []) out.push({ member: m.name, field: m.field, matched: a.matched_name, list: a.list, score: a.score });
  }
  return out;
}

export function proposalEligible(p: Pick<Proposal, 'eligible' | 'check'>): boolean | null {
  if (typeof p.eligible === 'boolean') return p.eligible;
  if (p.check && typeof p.check.eligible === 'boolean') return p.check.eligible;
  return null;
}

// ------------------------------------------------------------------ list filters

export const CALL_STATUSES = ['open', 'upcoming', 'closed'] as const;

export interface CallFilters {
  status: string; // '' = any
  programme: string;
  q: string;
}

export function parseCallFilters(query: URLSearchParams): CallFilters {
  const status = query.get('status') ?? 'open';
  const programme = query.get('programme') ?? '';
  return {
    status: status === 'any' || (CALL_STATUSES as readonly string[]).includes(status) ? status : 'open',
    programme: /^\d+$/.test(programme) ? programme : '',
    q: (query.get('q') ?? '').trim(),
  };
}

// The page address's query ("" for the default: open calls of every programme).
export function callFiltersQuery(f: CallFilters): string {
  const p = new URLSearchParams();
  if (f.status && f.status !== 'open') p.set('status', f.status);
  if (f.programme) p.set('programme', f.programme);
  if (f.q.trim()) p.set('q', f.q.trim());
  return p.toString();
}

// The API query: status "any" is no status.
export function callFiltersApi(f: CallFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.status && f.status !== 'any') out.status = f.status;
  if (f.programme) out.programme = f.programme;
  if (f.q.trim()) out.q = f.q.trim();
  return out;
}

export const PROPOSAL_STATES = ['draft', 'submitted', 'withdrawn'] as const;
export const SCREENING_STATUSES = ['pending', 'clear', 'alerts'] as const;

export const STAGES = ['1', '2'] as const;

export interface SubmissionFilters {
  state: string;
  stage: string; // '' | '1' | '2'
  eligible: string; // '' | 'true' | 'false'
  screening: string;
  slot: string;
  q: string;
}

export function parseSubmissionFilters(query: URLSearchParams): SubmissionFilters {
  const one = (name: string, allowed: readonly string[]) => {
    const v = query.get(name) ?? '';
    return allowed.includes(v) ? v : '';
  };
  return {
    state: one('state', PROPOSAL_STATES),
    stage: one('stage', STAGES),
    eligible: one('eligible', ['true', 'false']),
    screening: one('screening', SCREENING_STATUSES),
    slot: (query.get('slot') ?? '').trim(),
    q: (query.get('q') ?? '').trim(),
  };
}

// The same query for the page address and the API (empty filters left out).
export function submissionFiltersQuery(f: SubmissionFilters): string {
  const p = new URLSearchParams();
  for (const k of ['state', 'stage', 'eligible', 'screening', 'slot', 'q'] as const) if (f[k].trim()) p.set(k, f[k].trim());
  return p.toString();
}

// ------------------------------------------------------------------ the call editor

export const FUNDING_MODELS = ['single_funder', 'common_pot', 'virtual_common_pot'] as const;

export interface CallEditorState {
  programme_id: string;
  title: string;
  title_ja: string;
  description: string;
  themes: string[];
  opens: string; // wall clock "YYYY-MM-DDTHH:MM:SS" in time_zone
  closes: string;
  time_zone: string;
  funding_model: string;
  stages: string; // "1" | "2"
  pre_proposal_closes: string;
  funders: { agency: string; currency: string; budget: string; countries: string }[];
  slots: { code: string; name_en: string; name_ja: string; quota: string; rules: string }[];
  rules: string; // JSON text
  sections: { key: string; title_en: string; title_ja: string; max_chars: string; max_words: string; required: boolean }[];
  attachments: { key: string; title_en: string; title_ja: string; types: string; max_bytes: string; required: boolean }[];
  criteria: { key: string; title_en: string; title_ja: string; weight: string; scale_max: string }[];
  links?: unknown; // kept as the call had them (imported calls' pages)
}

const numText = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

export function emptyCallEditor(zone: string): CallEditorState {
  return {
    programme_id: '',
    title: '',
    title_ja: '',
    description: '',
    themes: [],
    opens: '',
    closes: '',
    time_zone: zone,
    funding_model: 'virtual_common_pot',
    stages: '1',
    pre_proposal_closes: '',
    funders: [{ agency: '', currency: '', budget: '', countries: '' }],
    slots: [],
    rules: '[\n  {"kind": "min_countries", "min": 3}\n]',
    sections: [{ key: 'summary', title_en: 'Summary', title_ja: '概要', max_chars: '2000', max_words: '', required: true }],
    attachments: [],
    criteria: [],
  };
}

export function rulesJson(rules: readonly Rule[] | undefined): string {
  if (!rules?.length) return '[]';
  return `[\n${rules.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]`;
}

export function callToEditor(c: Call): CallEditorState {
  return {
    programme_id: String(c.programme_id ?? ''),
    title: c.title ?? '',
    title_ja: c.title_ja ?? '',
    description: c.description ?? '',
    themes: [...(c.themes ?? [])],
    opens: wallClock(c.opens_local),
    closes: wallClock(c.closes_local),
    time_zone: c.time_zone ?? '',
    funding_model: c.funding_model || 'virtual_common_pot',
    stages: String(c.stages || 1),
    pre_proposal_closes: wallClock(c.pre_proposal_closes_local ?? c.pre_proposal_closes ?? ''),
    funders: (c.funders ?? []).map((f) => ({ agency: f.agency, currency: f.currency, budget: numText(f.budget), countries: (f.countries ?? []).join(' ') })),
    slots: (c.slots ?? []).map((s) => ({ code: s.code, name_en: s.name_en ?? '', name_ja: s.name_ja ?? '', quota: numText(s.quota), rules: rulesJson(s.rules) })),
    rules: rulesJson(c.rules),
    sections: (c.form?.sections ?? []).map((s) => ({
      key: s.key,
      title_en: s.title_en ?? '',
      title_ja: s.title_ja ?? '',
      max_chars: numText(s.max_chars),
      max_words: numText(s.max_words),
      required: Boolean(s.required),
    })),
    attachments: (c.form?.attachments ?? []).map((a) => ({
      key: a.key,
      title_en: a.title_en ?? '',
      title_ja: a.title_ja ?? '',
      types: (a.types ?? []).join(' '),
      max_bytes: numText(a.max_bytes),
      required: Boolean(a.required),
    })),
    criteria: (c.criteria ?? []).map((k) => ({ key: k.key, title_en: k.title_en ?? '', title_ja: k.title_ja ?? '', weight: numText(k.weight), scale_max: numText(k.scale_max) })),
    ...(c.links !== undefined ? { links: c.links } : {}),
  };
}

// A problem the editor finds before asking the server: the field, as the server would
// name it, and what is wrong.
export interface EditorProblem {
  field: string;
  reason: 'json' | 'not_list';
  detail: string;
}

function parseRules(text: string, field: string): { rules: unknown[] } | { problem: EditorProblem } {
  const src = text.trim();
  if (!src) return { rules: [] };
  let value: unknown;
  try {
    value = JSON.parse(src);
  } catch (err) {
    return { problem: { field, reason: 'json', detail: err instanceof Error ? err.message : String(err) } };
  }
  if (!Array.isArray(value)) return { problem: { field, reason: 'not_list', detail: '' } };
  return { rules: value };
}

const splitList = (s: string) => s.split(/[\s,;、]+/).map((x) => x.trim()).filter(Boolean);
const optNum = (s: string) => (s.trim() === '' ? undefined : numberOrText(s));
const optText = (s: string) => (s.trim() === '' ? undefined : s.trim());
const withoutUndefined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

// The call definition for POST /calls, or with `version` the PUT body. Rows are sent one
// for one so the server's field names ("funders[1].currency") match the rows shown;
// rules that are not a JSON list are reported before anything is sent.
export function editorToDefinition(s: CallEditorState, version?: number): { body: Record<string, unknown> } | { problem: EditorProblem } {
  const rules = parseRules(s.rules, 'rules');
  if ('problem' in rules) return rules;
  const slots: Record<string, unknown>[] = [];
  for (let i = 0; i < s.slots.length; i++) {
    const slot = s.slots[i]!;
    const r = parseRules(slot.rules, `slots[${i}].rules`);
    if ('problem' in r) return r;
    slots.push(withoutUndefined({ code: slot.code.trim(), name_en: slot.name_en.trim(), name_ja: optText(slot.name_ja), quota: optNum(slot.quota), rules: r.rules }));
  }
  const body: Record<string, unknown> = {
    programme_id: numberOrText(s.programme_id),
    title: s.title.trim(),
    title_ja: s.title_ja.trim(),
    description: s.description.replace(/\r\n?/g, '\n').trim(),
    themes: [...s.themes],
    opens: wallClock(s.opens),
    closes: wallClock(s.closes),
    time_zone: s.time_zone.trim(),
    funding_model: s.funding_model,
    stages: Number(s.stages) || 1,
    // A funder without a budget is sent without one (as imported calls hold them).
    funders: s.funders.map((f) =>
      withoutUndefined({
        agency: f.agency.trim(),
        currency: f.currency.trim().toUpperCase(),
        budget: optNum(f.budget),
        countries: splitList(f.countries.toUpperCase()),
      }),
    ),
    slots,
    rules: rules.rules,
    form: {
      sections: s.sections.map((x) =>
        withoutUndefined({ key: x.key.trim(), title_en: x.title_en.trim(), title_ja: optText(x.title_ja), max_chars: optNum(x.max_chars), max_words: optNum(x.max_words), required: x.required }),
      ),
      attachments: s.attachments.map((x) =>
        withoutUndefined({ key: x.key.trim(), title_en: x.title_en.trim(), title_ja: optText(x.title_ja), types: splitList(x.types), max_bytes: numberOrText(x.max_bytes), required: x.required }),
      ),
    },
    criteria: s.criteria.map((x) => withoutUndefined({ key: x.key.trim(), title_en: x.title_en.trim(), title_ja: optText(x.title_ja), weight: numberOrText(x.weight), scale_max: numberOrText(x.scale_max) })),
  };
  if (body.stages === 2) body.pre_proposal_closes = wallClock(s.pre_proposal_closes);
  if (s.links !== undefined) body.links = s.links;
  if (version !== undefined) body.version = version;
  return { body };
}

// A sample draft for the editor's rule test: one member from each funder's first
// country, the first a lead, and one budget line per funder in its currency.
export function sampleDraft(s: Pick<CallEditorState, 'funders'>, year: number): Record<string, unknown> {
  const team: Record<string, unknown>[] = [];
  const budget: Record<string, unknown>[] = [];
  s.funders.forEach((f, i) => {
    const country = splitList(f.countries.toUpperCase())[0] ?? '';
    if (country) team.push({ name: `Member ${i + 1}`, role: team.length ? 'member' : 'lead', country, org_type: 'university', team: country });
    if (f.agency.trim()) budget.push({ funder: f.agency.trim(), year, category: 'personnel', team: country, amount: 1000000, currency: f.currency.trim().toUpperCase() });
  });
  return { title: 'Sample proposal', slot: '', team, budget, statements: {} };
}

// "1.5 MB", "200 kB", "512 bytes" (SI units, as file managers show them).
// Where an attachment is downloaded (GET with the session cookie; the server checks that
// the reader may have it: the owner, the call's officers, an assigned reviewer).
export function attachmentUrl(proposalId: number, attachmentId: number): string {
  return `/api/v1/proposals/${proposalId}/attachments/${attachmentId}`;
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(Number(n))) return '—';
  const v = Number(n);
  if (v < 1000) return `${v} B`;
  if (v < 1_000_000) return `${Math.round(v / 100) / 10} kB`;
  if (v < 1_000_000_000) return `${Math.round(v / 100_000) / 10} MB`;
  return `${Math.round(v / 100_000_000) / 10} GB`;
}
