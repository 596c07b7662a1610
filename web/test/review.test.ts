// The review module's pure logic (issue 6) and its API client against a stand-in fetch:
// the settings' checks and body, the review form's checks against each criterion's
// scale, the weighted score, the panel's moves, proposed decisions and funded totals,
// the anonymised labels, and the paths, methods and bodies the client sends.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  fmtSigned,
  fundedTotals,
  initialOrder,
  isReviewOfficer,
  isReviewer,
  isoToLocalInput,
  localInputToIso,
  moveInOrder,
  normaliseCriteria,
  placeAt,
  proposedDecisions,
  reviewBody,
  reviewerLabel,
  settingsBody,
  settingsToInput,
  normaliseSettings,
  weightedScore,
  type PanelItem,
  type SettingsInput,
} from '../src/review/logic.js';
import { infeasibleReasons, reviewApi } from '../src/review/api.js';
import { ApiError, setCsrfToken } from '../src/api.js';

const goodInput = (): SettingsInput => ({
  k: '3',
  max_load: '6',
  min_load: '1',
  review_deadline: '2027-05-01T17:00',
  org_years: '3',
  coauthor_years: '5',
  advisor_years: '',
  project_years: '5',
  co_proposers: true,
  advisor: false,
  same_project: true,
  same_person: true,
  outside_applicant_countries: '1',
  max_per_country: '0',
  mode: 'fair',
  move_cost: '0.5',
});

test('settings: supervision and project windows are years (0–100) or empty for ever', () => {
  const ever = settingsBody({ ...goodInput(), advisor_years: '', project_years: '' });
  assert.deepEqual(ever.problems, []);
  assert.equal(ever.body?.coi.advisor_years, null);
  assert.equal(ever.body?.coi.project_years, null);
  const set = settingsBody({ ...goodInput(), advisor_years: '10', project_years: '0' });
  assert.equal(set.body?.coi.advisor_years, 10);
  assert.equal(set.body?.coi.project_years, 0);
  const bad = settingsBody({ ...goodInput(), advisor_years: 'ten', project_years: '101' });
  assert.equal(bad.body, null);
  assert.deepEqual(bad.problems.map((p) => [p.field, p.key]), [
    ['coi.advisor_years', 'rv.err.integer'],
    ['coi.project_years', 'rv.err.max'],
  ]);
});

test('settings: a good form becomes the PUT body, the deadline an instant', () => {
  const { body, problems } = settingsBody(goodInput());
  assert.deepEqual(problems, []);
  assert.ok(body);
  assert.equal(body.k, 3);
  assert.equal(body.min_load, 1);
  assert.equal(body.max_load, 6);
  assert.deepEqual(body.coi, { org_years: 3, coauthor_years: 5, advisor_years: null, project_years: 5, co_proposers: true, advisor: false, same_project: true, same_person: true });
  assert.deepEqual(body.diversity, { outside_applicant_countries: 1, max_per_country: 0 });
  assert.equal(body.mode, 'fair');
  assert.equal(body.move_cost, 0.5);
  // The typed wall clock is the browser's; the instant reads back as the same wall clock.
  assert.equal(new Date(body.review_deadline!).getTime(), new Date(2027, 4, 1, 17, 0, 0).getTime());
  assert.equal(isoToLocalInput(body.review_deadline), '2027-05-01T17:00');
  assert.match(body.review_deadline!, /^2027-05-01T17:00:00[+-]\d{2}:\d{2}$/, 'written as typed, with the offset');
});

test('settings: each bad value is named by the API field it belongs to', () => {
  const v = { ...goodInput(), k: '0', min_load: '7', max_load: '6', review_deadline: 'soon', org_years: '1.5', max_per_country: '', move_cost: '-1' };
  const { body, problems } = settingsBody(v);
  assert.equal(body, null);
  const byField = Object.fromEntries(problems.map((p) => [p.field, p.key]));
  assert.deepEqual(byField, {
    k: 'rv.err.min',
    min_load: 'rv.err.load_order',
    review_deadline: 'rv.err.datetime',
    'coi.org_years': 'rv.err.integer',
    'diversity.max_per_country': 'rv.err.required',
    move_cost: 'rv.err.min',
  });
  assert.deepEqual(problems.find((p) => p.field === 'k')!.params, { min: 1 });
  assert.equal(settingsBody({ ...goodInput(), review_deadline: '' }).problems[0]!.field, 'review_deadline');
  assert.equal(localInputToIso('2027-02-30T10:00'), null, 'no 30 February');
});

test('settings from the server: missing parts take the defaults, and the form shows them', () => {
  const s = normaliseSettings({ k: 2, coi: { org_years: 1 } as never });
  assert.equal(s.k, 2);
  assert.equal(s.max_load, 6);
  assert.equal(s.coi.org_years, 1);
  assert.equal(s.coi.coauthor_years, 5);
  assert.equal(s.mode, 'total');
  const input = settingsToInput(s);
  assert.equal(input.k, '2');
  assert.equal(input.review_deadline, '');
  assert.equal(input.co_proposers, true);
});

const criteria = normaliseCriteria([
  { key: 'excellence', title_en: 'Scientific excellence', title_ja: '科学的卓越性', weight: 40, scale_max: 5 } as never,
  { key: 'impact', title: 'Impact', weight: 30, scale_min: 0, scale_max: 10 },
  { key: 'implementation', title: 'Implementation', weight: 30 },
]);

test('criteria: titles from title or title_en, the scale 1–5 unless given', () => {
  assert.deepEqual(
    criteria.map((c) => [c.key, c.title, c.scale_min, c.scale_max, c.weight]),
    [
      ['excellence', 'Scientific excellence', 1, 5, 40],
      ['impact', 'Impact', 0, 10, 30],
      ['implementation', 'Implementation', 1, 5, 30],
    ],
  );
});

test('review form: scores outside a scale or not whole are named scores.<key>; a draft may leave gaps', () => {
  const draft = reviewBody(criteria, { excellence: '6', impact: '0', implementation: '' }, '', '', false);
  assert.deepEqual(draft.problems, [{ field: 'scores.excellence', key: 'rv.err.score_range', params: { min: 1, max: 5 } }]);
  assert.deepEqual(draft.body.scores, { impact: 0 });
  const frac = reviewBody(criteria, { excellence: '2.5', impact: 'x' }, 'ok', '', false);
  assert.deepEqual(frac.problems.map((p) => p.field), ['scores.excellence', 'scores.impact']);
  const submit = reviewBody(criteria, { excellence: '4', impact: '', implementation: '3' }, '   ', 'panel only', true);
  assert.deepEqual(
    submit.problems.map((p) => [p.field, p.key]),
    [
      ['scores.impact', 'rv.err.score_missing'],
      ['comment_to_applicant', 'rv.err.required'],
    ],
  );
  const ok = reviewBody(criteria, { excellence: '5', impact: '10', implementation: '1' }, 'Clear plan.', 'Lead is strong.', true);
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.body, { scores: { excellence: 5, impact: 10, implementation: 1 }, comment_to_applicant: 'Clear plan.', confidential_comment: 'Lead is strong.' });
});

test('the weighted score uses the weights of the criteria scored so far', () => {
  assert.equal(weightedScore(criteria, {}), null);
  assert.equal(weightedScore(criteria, { excellence: 5 }), 5);
  assert.equal(weightedScore(criteria, { excellence: 5, impact: 10, implementation: 1 }), (40 * 5 + 30 * 10 + 30 * 1) / 100);
});

const item = (id: number, raw: number | null, cal: number | null, rank: number | null = null, funders: { agency: string; amount: number }[] = []): PanelItem => ({
  proposal_id: id,
  title: `P${id}`,
  applicant_countries: [],
  funders,
  slot: null,
  reviews: 3,
  raw_mean: raw,
  calibrated_mean: cal,
  weighted_score: raw,
  rank,
  note: '',
  decision: null,
  decision_reason: '',
});

test('panel: first by rank, else by calibrated mean; moves and typed ranks', () => {
  const items = [item(1, 4.0, 3.2), item(2, 3.5, 3.9), item(3, null, null), item(4, 4.1, 3.2)];
  assert.deepEqual(initialOrder(items), [2, 4, 1, 3], 'calibrated, then raw, then unscored last');
  assert.deepEqual(initialOrder([item(1, 1, 1, 2), item(2, 5, 5, 1), item(3, 3, 3, null)]), [2, 1, 3]);
  assert.deepEqual(moveInOrder([1, 2, 3], 3, -1), [1, 3, 2]);
  assert.deepEqual(moveInOrder([1, 2, 3], 1, -1), [1, 2, 3], 'the first cannot go up');
  assert.deepEqual(moveInOrder([1, 2, 3], 3, 1), [1, 2, 3], 'the last cannot go down');
  assert.deepEqual(placeAt([1, 2, 3, 4], 4, 1), [4, 1, 2, 3]);
  assert.deepEqual(placeAt([1, 2, 3, 4], 1, 3), [2, 3, 1, 4]);
  assert.deepEqual(placeAt([1, 2, 3, 4], 2, 99), [1, 3, 4, 2]);
  assert.deepEqual(placeAt([1, 2], 9, 1), [1, 2], 'an id not in the list changes nothing');
});

test('decisions proposed from a selection, and funded totals against each budget', () => {
  const items = [item(1, 4, 4, 1, [{ agency: 'JST', amount: 100 }, { agency: 'NRCT', amount: 50 }]), item(2, 3, 3, 2, [{ agency: 'JST', amount: 80 }]), item(3, 2, 2, 3, [{ agency: 'NRCT', amount: 60 }])];
  items[2]!.decision = 'not_funded';
  const sel = { selected: [1], proven_optimal: true, funders: [{ agency: 'JST', budget: 150, used: 100, marginal_value: 0.1 }, { agency: 'NRCT', budget: 100, used: 50, marginal_value: 0 }], skipped: [{ proposal_id: 2, reason: 'budget of JST exhausted' }] };
  const d = proposedDecisions(items, sel);
  assert.deepEqual([...d].sort(), [[1, 'funded'], [2, 'reserve'], [3, 'not_funded']]);
  assert.equal(proposedDecisions(items, null).size, 1, 'without a selection only recorded decisions');
  d.set(2, 'funded');
  const totals = fundedTotals(items, d, sel.funders);
  assert.deepEqual(totals, [
    { agency: 'JST', used: 180, budget: 150, over: true },
    { agency: 'NRCT', used: 50, budget: 100, over: false },
  ]);
});

test('anonymised labels in the UI language; signed leniency; roles', () => {
  assert.equal(reviewerLabel('Reviewer 2', 'ja', 0), '審査員 2');
  assert.equal(reviewerLabel('Reviewer 2', 'en', 0), 'Reviewer 2');
  assert.equal(reviewerLabel('', 'en', 4), 'Reviewer 5');
  assert.equal(fmtSigned(0.4), '+0.40');
  assert.equal(fmtSigned(-0.25), '−0.25');
  assert.equal(fmtSigned(0.001), '0.00');
  assert.ok(isReviewOfficer({ roles: [{ role: 'programme_officer' }] }));
  assert.ok(!isReviewOfficer({ roles: [{ role: 'reviewer' }] }));
  assert.ok(isReviewer({ roles: [{ role: 'applicant' }, { role: 'reviewer' }] }));
});

// ------------------------------------------------------------------ the client

interface Sent {
  method: string;
  url: string;
  body: unknown;
  csrf: string | null;
}
function stubFetch(answer: (s: Sent) => { status: number; body?: unknown }): Sent[] {
  const sent: Sent[] = [];
  (globalThis as { fetch: unknown }).fetch = async (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => {
    const s = { method: init.method, url, body: init.body ? JSON.parse(init.body) : undefined, csrf: init.headers['X-CSRF-Token'] ?? null };
    sent.push(s);
    const a = answer(s);
    return new Response(a.status === 204 ? null : JSON.stringify(a.body ?? {}), { status: a.status, headers: { 'Content-Type': 'application/json' } });
  };
  return sent;
}

test('the client sends each route its method, path, body and CSRF token', async () => {
  setCsrfToken('tok');
  const sent = stubFetch((s) => ({ status: s.method === 'DELETE' ? 204 : 200, body: { items: [] } }));
  await reviewApi.invite(7, { email: 'reviewer1@asta.example' });
  await reviewApi.override(7, 11, 22, 'Different department since 2019');
  await reviewApi.restore(7, 11, 22);
  await reviewApi.answer(5, true);
  await reviewApi.answer(6, false);
  await reviewApi.saveRanking(7, [3, 1, 2], { '3': 'strong' });
  await reviewApi.decide(7, [{ proposal_id: 3, decision: 'funded', reason: 'top' }]);
  await reviewApi.declareAsApplicant(9, { name: 'Tanaka Yui', reason: 'competitor' });
  await reviewApi.submitReview(44);
  assert.deepEqual(
    sent.map((s) => `${s.method} ${s.url}`),
    [
      'POST /api/v1/calls/7/reviewers',
      'POST /api/v1/calls/7/conflicts/override',
      'DELETE /api/v1/calls/7/conflicts/override?proposal_id=11&reviewer_user_id=22',
      'POST /api/v1/review-invitations/5/accept',
      'POST /api/v1/review-invitations/6/decline',
      'PUT /api/v1/calls/7/panel/ranking',
      'POST /api/v1/calls/7/decisions',
      'POST /api/v1/proposals/9/declared-conflicts',
      'POST /api/v1/reviews/44/submit',
    ],
  );
  assert.ok(sent.every((s) => s.csrf === 'tok'));
  assert.deepEqual(sent[0]!.body, { email: 'reviewer1@asta.example' });
  assert.deepEqual(sent[1]!.body, { proposal_id: 11, reviewer_user_id: 22, reason: 'Different department since 2019' });
  assert.deepEqual(sent[5]!.body, { order: [3, 1, 2], notes: { '3': 'strong' } });
  assert.deepEqual(sent[6]!.body, { decisions: [{ proposal_id: 3, decision: 'funded', reason: 'top' }] });
});

test('an infeasible assignment keeps the reasons the server gave', async () => {
  stubFetch(() => ({ status: 422, body: { error: { code: 'infeasible', message: '2 proposals cannot get 3 reviewers', field: 'assignment' }, reasons: ['p 12 ‘Rice’: 1 conflict-free candidate reviewer(s), 3 needed', 'load: supply 8 < demand 9'] } }));
  const err = await reviewApi.compute(7).catch((e: unknown) => e);
  assert.ok(err instanceof ApiError);
  assert.equal(err.status, 422);
  assert.equal(err.field, 'assignment');
  assert.deepEqual(infeasibleReasons(err), ['p 12 ‘Rice’: 1 conflict-free candidate reviewer(s), 3 needed', 'load: supply 8 < demand 9']);
  assert.equal(infeasibleReasons(new ApiError(400, 'invalid_argument', 'x', 'k')), null, 'other errors are not infeasibility');
});
