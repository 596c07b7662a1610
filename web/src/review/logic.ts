// The review module's pure logic (issue 6; API in docs and /api/v1/calls/{id}/review…):
// who is offered which review page, the review settings form's checks and body, the
// review form's checks against the call's criteria and its weighted score, moving
// proposals in the panel's ranking, default decisions from a selection, and the
// anonymised reviewers' labels. No DOM: unit-tested under node.

import type { Lang } from '../i18n/core.js';

// ------------------------------------------------------------------ API shapes

export type ReviewStage = 'setup' | 'assigning' | 'reviewing' | 'panel' | 'decided' | 'released';
export const REVIEW_STAGES: readonly ReviewStage[] = ['setup', 'assigning', 'reviewing', 'panel', 'decided', 'released'];

export interface CoiPolicy {
  org_years: number;
  coauthor_years: number;
  advisor_years?: number | null; // null: ever (supervision counts for life)
  project_years?: number | null; // null: ever
  co_proposers: boolean;
  advisor: boolean;
  same_project: boolean;
  same_person: boolean;
}

export interface Diversity {
  outside_applicant_countries: number;
  max_per_country: number; // 0 = no limit
}

export type AssignMode = 'total' | 'fair';
export const ASSIGN_MODES: readonly AssignMode[] = ['total', 'fair'];

export interface ReviewSettings {
  k: number;
  max_load: number;
  min_load: number;
  review_deadline: string | null;
  coi: CoiPolicy;
  diversity: Diversity;
  mode: AssignMode;
  move_cost: number;
}

export interface ReviewCounts {
  proposals: number;
  reviewers: number;
  accepted: number;
  assignments: number;
  reviews_submitted: number;
  reviews_due: number;
}

export interface ReviewState {
  call_id: number;
  stage: ReviewStage;
  settings: ReviewSettings;
  counts: ReviewCounts;
  released_at?: string | null;
}

export type PoolStatus = 'invited' | 'accepted' | 'declined';

export interface PoolEntry {
  id: number;
  user_id: number;
  name: string;
  email: string;
  person_id: number | null;
  country: string | null;
  status: PoolStatus;
  load: number;
  reviews_submitted: number;
  reminded_at: string | null;
}

export interface Invitation {
  id: number;
  call_id: number;
  call_title: string;
  call_title_ja?: string;
  status: PoolStatus;
  review_deadline: string | null;
}

export const CONFLICT_KINDS = ['same_organization', 'coauthorship', 'co_proposer', 'advisor', 'same_project', 'same_person', 'declared'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];
export type ConflictSource = 'detected' | 'declared_by_reviewer' | 'declared_by_applicant';

export interface Conflict {
  proposal_id: number;
  proposal_title: string;
  reviewer_user_id: number;
  reviewer_name: string;
  kind: ConflictKind | string;
  explanation: string;
  explanation_ja?: string;
  source: ConflictSource | string;
  overridden: boolean;
  override_reason: string | null;
  overridden_by: string | number | null;
}

export interface ComputeResult {
  assigned: number;
  total_affinity: number;
  min_proposal_affinity: number;
  moved: number;
  kept: number;
}

export type AssignmentStatus = 'assigned' | 'submitted' | 'withdrawn_conflict';

export interface Assignment {
  id: number;
  proposal_id: number;
  proposal_title: string;
  reviewer_user_id: number;
  reviewer_name: string;
  affinity: number;
  status: AssignmentStatus | string;
  review_id: number | null;
}

export interface MyReview {
  assignment_id: number;
  call_id: number;
  call_title: string;
  call_title_ja?: string;
  proposal_id: number;
  proposal_title: string;
  status: 'assigned' | 'draft' | 'submitted' | 'withdrawn_conflict' | string;
  due: string | null;
}

export interface ReviewCriterion {
  key: string;
  title: string;
  title_ja?: string;
  weight: number;
  scale_min: number;
  scale_max: number;
}

export interface ReviewBody {
  scores: Record<string, number>;
  comment_to_applicant: string;
  confidential_comment: string;
}

export interface ReviewRecord extends ReviewBody {
  status: 'assigned' | 'draft' | 'submitted' | string;
  submitted_at: string | null;
}

export interface ReviewDetail {
  assignment_id: number;
  proposal: ReviewedProposal;
  form: { criteria: ReviewCriterion[] };
  review: ReviewRecord;
  due?: string | null;
}

// The part of a proposal a reviewer reads.
export interface ReviewedProposal {
  id: number;
  call_id: number;
  title: string;
  abstract?: string;
  language?: string;
  team?: { name: string; role: string; country: string; organization?: string }[];
  budget?: { funder: string; year: number; category: string; amount: number | string; currency: string }[];
  sections?: Record<string, string>;
  internationalisation?: { plan?: string; targets?: { indicator: string; target: string }[] };
  attachments?: { id: number; key: string; filename: string; content_type: string; size: number; sha256: string }[];
}

export type Decision = 'funded' | 'not_funded' | 'reserve';
export const DECISIONS: readonly Decision[] = ['funded', 'reserve', 'not_funded'];

export interface PanelItem {
  proposal_id: number;
  title: string;
  applicant_countries: string[];
  funders: { agency: string; amount: number }[];
  slot: string | null;
  reviews: number;
  raw_mean: number | null;
  calibrated_mean: number | null;
  weighted_score: number | null;
  rank: number | null;
  note: string;
  decision: Decision | null;
  decision_reason: string;
}

export interface PanelReviewer {
  user_id: number;
  name: string;
  leniency: number;
  reviews: number;
}

export interface Panel {
  items: PanelItem[];
  reviewers: PanelReviewer[];
}

export interface FunderUse {
  agency: string;
  budget: number | null;
  used: number;
  marginal_value: number | null;
  currency?: string;
  // What one more step of budget (e.g. 1,000,000) would add to the total merit.
  marginal_step?: number;
  marginal_gain?: number;
}

export interface Selection {
  selected: number[];
  proven_optimal: boolean;
  funders: FunderUse[];
  skipped: { proposal_id: number; reason: string }[];
}

export interface OutcomeReview {
  label: string;
  scores: Record<string, number>;
  comment_to_applicant: string;
}

export interface Outcome {
  released: boolean;
  decision?: Decision;
  reviews?: OutcomeReview[];
  criteria?: ReviewCriterion[];
}

// ------------------------------------------------------------------ who sees what

interface HasRoles {
  roles: { role: string }[];
}
const hasRole = (u: HasRoles, r: string) => u.roles.some((g) => g.role === r);

// Officers run a call's review (the server narrows them to their calls); reviewers answer
// invitations and write reviews; everyone may see their own proposals' outcomes.
export function isReviewOfficer(u: HasRoles): boolean {
  return hasRole(u, 'administrator') || hasRole(u, 'programme_officer');
}
export function isReviewer(u: HasRoles): boolean {
  return hasRole(u, 'reviewer');
}

// ------------------------------------------------------------------ errors by field

export interface FieldProblem {
  field: string;
  key: 'rv.err.required' | 'rv.err.integer' | 'rv.err.min' | 'rv.err.max' | 'rv.err.load_order' | 'rv.err.datetime' | 'rv.err.score_range' | 'rv.err.score_missing' | 'rv.err.number';
  params?: Record<string, number | string>;
}

// ------------------------------------------------------------------ settings

export const DEFAULT_SETTINGS: ReviewSettings = {
  k: 3,
  max_load: 6,
  min_load: 0,
  review_deadline: null,
  coi: { org_years: 3, coauthor_years: 5, advisor_years: null, project_years: 5, co_proposers: true, advisor: true, same_project: true, same_person: true },
  diversity: { outside_applicant_countries: 0, max_per_country: 0 },
  mode: 'total',
  move_cost: 0,
};

// The settings form's values as typed (numbers as text, the deadline as a
// datetime-local value in the browser's zone).
export interface SettingsInput {
  k: string;
  max_load: string;
  min_load: string;
  review_deadline: string;
  org_years: string;
  coauthor_years: string;
  advisor_years: string; // empty: ever
  project_years: string; // empty: ever
  co_proposers: boolean;
  advisor: boolean;
  same_project: boolean;
  same_person: boolean;
  outside_applicant_countries: string;
  max_per_country: string;
  mode: string;
  move_cost: string;
}

// A window in years (0–100), or null for "ever" when the field is left empty.
function yearsOrEver(problems: FieldProblem[], field: string, text: string): number | null {
  if (text.trim() === '') return null;
  const n = intField(problems, field, text, 0);
  if (Number.isFinite(n) && n > 100) problems.push({ field, key: 'rv.err.max', params: { max: 100 } });
  return Number.isFinite(n) ? n : null;
}

function intField(problems: FieldProblem[], field: string, text: string, min: number): number {
  const t = text.trim();
  if (t === '') {
    problems.push({ field, key: 'rv.err.required' });
    return NaN;
  }
  if (!/^-?\d+$/.test(t)) {
    problems.push({ field, key: 'rv.err.integer' });
    return NaN;
  }
  const n = Number(t);
  if (n < min) problems.push({ field, key: 'rv.err.min', params: { min } });
  return n;
}

// "2027-05-01T17:00" typed in the browser's zone → "2027-05-01T17:00:00+07:00" (RFC 3339
// with the browser's offset), or null when it is not a date and time.
export function localInputToIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(d.getTime()) || d.getMonth() !== Number(m[2]) - 1 || d.getDate() !== Number(m[3])) return null;
  // Written with the browser's offset, so the deadline reads as it was typed.
  const p = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = `${off >= 0 ? '+' : '-'}${p(Math.trunc(off / 60))}:${p(off % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${zone}`;
}

// An instant → the datetime-local value showing it in the browser's zone.
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function settingsToInput(s: ReviewSettings): SettingsInput {
  return {
    k: String(s.k),
    max_load: String(s.max_load),
    min_load: String(s.min_load),
    review_deadline: isoToLocalInput(s.review_deadline),
    org_years: String(s.coi.org_years),
    coauthor_years: String(s.coi.coauthor_years),
    advisor_years: s.coi.advisor_years == null ? '' : String(s.coi.advisor_years),
    project_years: s.coi.project_years == null ? '' : String(s.coi.project_years),
    co_proposers: s.coi.co_proposers,
    advisor: s.coi.advisor,
    same_project: s.coi.same_project,
    same_person: s.coi.same_person,
    outside_applicant_countries: String(s.diversity.outside_applicant_countries),
    max_per_country: String(s.diversity.max_per_country),
    mode: s.mode,
    move_cost: String(s.move_cost),
  };
}

// The PUT body, or the problems named by the API's field names ("k", "coi.org_years").
export function settingsBody(v: SettingsInput): { body: ReviewSettings | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const k = intField(problems, 'k', v.k, 1);
  const maxLoad = intField(problems, 'max_load', v.max_load, 1);
  const minLoad = intField(problems, 'min_load', v.min_load, 0);
  if (Number.isFinite(maxLoad) && Number.isFinite(minLoad) && minLoad > maxLoad) problems.push({ field: 'min_load', key: 'rv.err.load_order' });
  let deadline: string | null = null;
  if (v.review_deadline.trim()) {
    deadline = localInputToIso(v.review_deadline);
    if (!deadline) problems.push({ field: 'review_deadline', key: 'rv.err.datetime' });
  } else problems.push({ field: 'review_deadline', key: 'rv.err.required' });
  const orgYears = intField(problems, 'coi.org_years', v.org_years, 0);
  const coYears = intField(problems, 'coi.coauthor_years', v.coauthor_years, 0);
  const advisorYears = yearsOrEver(problems, 'coi.advisor_years', v.advisor_years);
  const projectYears = yearsOrEver(problems, 'coi.project_years', v.project_years);
  const outside = intField(problems, 'diversity.outside_applicant_countries', v.outside_applicant_countries, 0);
  const perCountry = intField(problems, 'diversity.max_per_country', v.max_per_country, 0);
  const mode = (ASSIGN_MODES as readonly string[]).includes(v.mode) ? (v.mode as AssignMode) : 'total';
  const moveText = v.move_cost.trim() || '0';
  const moveCost = Number(moveText);
  if (!Number.isFinite(moveCost)) problems.push({ field: 'move_cost', key: 'rv.err.number' });
  else if (moveCost < 0) problems.push({ field: 'move_cost', key: 'rv.err.min', params: { min: 0 } });
  if (problems.length) return { body: null, problems };
  return {
    body: {
      k,
      max_load: maxLoad,
      min_load: minLoad,
      review_deadline: deadline,
      coi: { org_years: orgYears, coauthor_years: coYears, advisor_years: advisorYears, project_years: projectYears, co_proposers: v.co_proposers, advisor: v.advisor, same_project: v.same_project, same_person: v.same_person },
      diversity: { outside_applicant_countries: outside, max_per_country: perCountry },
      mode,
      move_cost: moveCost,
    },
    problems,
  };
}

// Settings as the server sent them, with defaults for what it left out.
export function normaliseSettings(s: Partial<ReviewSettings> | null | undefined): ReviewSettings {
  const d = DEFAULT_SETTINGS;
  return {
    k: s?.k ?? d.k,
    max_load: s?.max_load ?? d.max_load,
    min_load: s?.min_load ?? d.min_load,
    review_deadline: s?.review_deadline ?? null,
    coi: { ...d.coi, ...(s?.coi ?? {}) },
    diversity: { ...d.diversity, ...(s?.diversity ?? {}) },
    mode: s?.mode === 'fair' ? 'fair' : 'total',
    move_cost: s?.move_cost ?? 0,
  };
}

// ------------------------------------------------------------------ the review form

// Scores as typed (text per criterion key) → the PUT body's scores and the problems,
// named "scores.<key>" as the server names them. Submitting needs every criterion scored
// and a comment to the applicant; a draft may leave them empty.
export function reviewBody(
  criteria: readonly ReviewCriterion[],
  typed: Record<string, string>,
  comment: string,
  confidential: string,
  forSubmit: boolean,
): { body: ReviewBody; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const scores: Record<string, number> = {};
  for (const c of criteria) {
    const text = (typed[c.key] ?? '').trim();
    const field = `scores.${c.key}`;
    const range = { min: c.scale_min, max: c.scale_max };
    if (text === '') {
      if (forSubmit) problems.push({ field, key: 'rv.err.score_missing', params: range });
      continue;
    }
    const n = Number(text);
    if (!/^-?\d+(\.\d+)?$/.test(text) || !Number.isFinite(n) || n < c.scale_min || n > c.scale_max || !Number.isInteger(n)) {
      problems.push({ field, key: 'rv.err.score_range', params: range });
      continue;
    }
    scores[c.key] = n;
  }
  if (forSubmit && !comment.trim()) problems.push({ field: 'comment_to_applicant', key: 'rv.err.required' });
  return { body: { scores, comment_to_applicant: comment, confidential_comment: confidential }, problems };
}

// The weighted score of the criteria scored so far (weights as given; criteria without a
// score left out), or null when nothing is scored.
export function weightedScore(criteria: readonly ReviewCriterion[], scores: Record<string, number | undefined>): number | null {
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    const s = scores[c.key];
    if (s === undefined || s === null || !Number.isFinite(s)) continue;
    const w = Number.isFinite(c.weight) && c.weight > 0 ? c.weight : 1;
    sum += w * s;
    weights += w;
  }
  return weights ? sum / weights : null;
}

// Criteria as the API gives them, with the scale filled in (1–5 unless given).
export function normaliseCriteria(list: readonly Partial<ReviewCriterion & { title_en: string }>[] | null | undefined): ReviewCriterion[] {
  return (list ?? []).map((c) => ({
    key: String(c.key ?? ''),
    title: c.title ?? c.title_en ?? String(c.key ?? ''),
    title_ja: c.title_ja,
    weight: Number(c.weight ?? 1),
    scale_min: Number(c.scale_min ?? 1),
    scale_max: Number(c.scale_max ?? 5),
  }));
}

export function criterionTitle(c: Pick<ReviewCriterion, 'title' | 'title_ja' | 'key'>, lang: Lang): string {
  return (lang === 'ja' ? c.title_ja || c.title : c.title || c.title_ja) || c.key;
}

// ------------------------------------------------------------------ the panel

// The panel's order: by rank when ranked, else by calibrated mean (best first), then raw
// mean, then id, so the first ranking offered is the calibrated one.
export function initialOrder(items: readonly PanelItem[]): number[] {
  const score = (x: number | null) => (x === null || x === undefined || !Number.isFinite(x) ? -Infinity : x);
  return [...items]
    .sort((a, b) => {
      const ra = a.rank ?? Infinity;
      const rb = b.rank ?? Infinity;
      if (ra !== rb) return ra - rb;
      return score(b.calibrated_mean) - score(a.calibrated_mean) || score(b.raw_mean) - score(a.raw_mean) || a.proposal_id - b.proposal_id;
    })
    .map((i) => i.proposal_id);
}

// Moves `id` by `delta` places (−1 up, +1 down); at either end the order stays.
export function moveInOrder(order: readonly number[], id: number, delta: number): number[] {
  const out = [...order];
  const i = out.indexOf(id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= out.length) return out;
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

// Puts `id` at 1-based rank `rank` (clamped to the list), the others keeping their order.
export function placeAt(order: readonly number[], id: number, rank: number): number[] {
  const out = order.filter((x) => x !== id);
  if (out.length === order.length) return [...order];
  const at = Math.min(Math.max(Math.round(rank) - 1, 0), out.length);
  out.splice(at, 0, id);
  return out;
}

// Proposed decisions after a selection: selected → funded, skipped → reserve, the rest
// not funded; decisions already recorded are kept.
export function proposedDecisions(items: readonly PanelItem[], selection: Selection | null): Map<number, Decision> {
  const selected = new Set(selection?.selected ?? []);
  const skipped = new Set((selection?.skipped ?? []).map((s) => s.proposal_id));
  const out = new Map<number, Decision>();
  for (const i of items) {
    if (i.decision) out.set(i.proposal_id, i.decision);
    else if (!selection) continue;
    else out.set(i.proposal_id, selected.has(i.proposal_id) ? 'funded' : skipped.has(i.proposal_id) ? 'reserve' : 'not_funded');
  }
  return out;
}

// What each funder's share of the funded proposals adds up to, against its budget.
export function fundedTotals(items: readonly PanelItem[], decisions: ReadonlyMap<number, Decision>, budgets: readonly FunderUse[]): { agency: string; used: number; budget: number | null; over: boolean }[] {
  const used = new Map<string, number>();
  for (const b of budgets) used.set(b.agency, 0);
  for (const i of items) {
    if (decisions.get(i.proposal_id) !== 'funded') continue;
    for (const f of i.funders ?? []) used.set(f.agency, (used.get(f.agency) ?? 0) + Number(f.amount || 0));
  }
  return [...used].map(([agency, u]) => {
    const budget = budgets.find((b) => b.agency === agency)?.budget ?? null;
    return { agency, used: u, budget, over: budget !== null && u > budget + 1e-6 };
  });
}

// ------------------------------------------------------------------ the applicant's view

// "Reviewer 2" as the server labels anonymised reviews → the label in the UI language.
export function reviewerLabel(label: string, lang: Lang, index: number): string {
  const m = /(\d+)\s*$/.exec(label ?? '');
  const n = m ? Number(m[1]) : index + 1;
  return lang === 'ja' ? `審査員 ${n}` : `Reviewer ${n}`;
}

// A number as shown in tables: two decimals, "—" when absent.
export function fmtScore(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);
}

// Leniency with its sign ("+0.40", "−0.25"), so that a lenient reviewer reads as one.
export function fmtSigned(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const r = Math.round(x * 100) / 100;
  if (r === 0) return '0.00';
  return (r > 0 ? '+' : '−') + Math.abs(r).toFixed(2);
}
