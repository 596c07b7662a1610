// The review pages (issue 6) rendered in a DOM (happy-dom) against a stand-in fetch:
// what they show, the messages they put next to the named fields, and the requests
// they send (or do not send when the form is wrong).

import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';

const win = new Window({ url: 'http://localhost/' });
const g = globalThis as unknown as Record<string, unknown>;
for (const k of ['window', 'document', 'HTMLElement', 'HTMLInputElement', 'HTMLSelectElement', 'HTMLTextAreaElement', 'HTMLButtonElement', 'HTMLFormElement', 'Node', 'Element', 'Event', 'history', 'location', 'CSS']) {
  g[k] = (win as unknown as Record<string, unknown>)[k];
}

const { renderReviewModule } = await import('../src/views/review/index.js');
const { setLanguage } = await import('../src/i18n/core.js');
const { applyI18n } = await import('../src/dom.js');

// ------------------------------------------------------------------ the stand-in server

interface Sent {
  method: string;
  path: string;
  body: unknown;
}
type Answer = { status: number; body?: unknown };
let routes: Record<string, Answer | ((s: Sent) => Answer)> = {};
let sent: Sent[] = [];

(globalThis as { fetch: unknown }).fetch = async (url: string, init: { method: string; body?: string }) => {
  const path = url.replace(/^\/api\/v1/, '');
  const s: Sent = { method: init.method, path, body: init.body ? JSON.parse(init.body) : undefined };
  sent.push(s);
  const r = routes[`${init.method} ${path}`];
  const a: Answer = typeof r === 'function' ? r(s) : (r ?? { status: 404, body: { error: { code: 'not_found', message: `no route ${init.method} ${path}` } } });
  return new Response(a.status === 204 ? null : JSON.stringify(a.body ?? {}), { status: a.status, headers: { 'Content-Type': 'application/json' } });
};
const writes = () => sent.filter((s) => s.method !== 'GET');

const officer = { id: 1, roles: [{ role: 'programme_officer' }] };
const reviewer = { id: 2, roles: [{ role: 'reviewer' }] };
const applicant = { id: 3, roles: [{ role: 'applicant' }] };
let navigated: string[] = [];

async function render(path: string, user: { id: number; roles: { role: string }[] } = officer): Promise<HTMLElement> {
  const main = document.createElement('div');
  document.body.replaceChildren(main);
  navigated = [];
  await renderReviewModule(main, {
    user,
    path,
    query: new URLSearchParams(),
    navigate: (p: string) => void navigated.push(p),
    announce: () => undefined,
  });
  return main;
}
const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};
const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/[\u2068\u2069]/g, '').replace(/\s+/g, ' ').trim();
function input(main: HTMLElement, name: string): HTMLInputElement {
  const el = main.querySelector<HTMLInputElement>(`[name="${name}"]`);
  assert.ok(el, `no input ${name}`);
  return el;
}
function errorAt(main: HTMLElement, name: string): string {
  return text(input(main, name).closest('.field')?.querySelector('.field-error:not([hidden])'));
}
async function submit(form: HTMLFormElement | null): Promise<void> {
  assert.ok(form, 'no form');
  form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await flush();
}
async function click(el: Element | null | undefined): Promise<void> {
  assert.ok(el, 'nothing to click');
  (el as HTMLElement).click();
  await flush();
}

const CALL = { id: 7, title: 'e-ASIA Joint Research 2027', title_ja: 'e-ASIA共同研究 2027', criteria: [] };

beforeEach(() => {
  setLanguage('en', { remember: false });
  sent = [];
  routes = { 'GET /calls/7': { status: 200, body: CALL } };
});

// ------------------------------------------------------------------ settings

const STATE = {
  call_id: 7,
  stage: 'setup',
  settings: { k: 3, max_load: 6, min_load: 0, review_deadline: '2027-05-01T08:00:00Z', coi: { org_years: 3, coauthor_years: 5, co_proposers: true, advisor: true, same_project: true, same_person: true }, diversity: { outside_applicant_countries: 1, max_per_country: 0 }, mode: 'total', move_cost: 0 },
  counts: { proposals: 4, reviewers: 6, accepted: 5, assignments: 0, reviews_submitted: 0, reviews_due: 0 },
};

test('settings: shows the stage and counts, refuses bad values at their fields without a request', async () => {
  routes['GET /calls/7/review'] = { status: 200, body: STATE };
  const main = await render('/review/calls/7');
  assert.match(text(main.querySelector('h1')), /Review: e-ASIA Joint Research 2027/);
  assert.equal(main.querySelector('.review-state')?.getAttribute('data-stage'), 'setup');
  assert.match(text(main.querySelector('.review-state')), /Setting up/);
  assert.equal(input(main, 'k').value, '3');
  assert.equal(input(main, 'review_deadline').type, 'datetime-local');
  assert.equal(main.querySelector('.tab[aria-current="page"]')?.getAttribute('data-tab'), 'settings');
  input(main, 'k').value = '0';
  input(main, 'min_load').value = '9';
  await submit(main.querySelector('form.review-settings-form'));
  assert.equal(writes().length, 0, 'nothing sent');
  assert.equal(errorAt(main, 'k'), 'Enter 1 or more.');
  assert.equal(errorAt(main, 'min_load'), 'The minimum cannot be more than the maximum.');
  assert.equal(input(main, 'k').getAttribute('aria-invalid'), 'true');
});

test('settings: a good form is PUT with the API field names; the server’s field error shows at its input', async () => {
  routes['GET /calls/7/review'] = { status: 200, body: STATE };
  let answer: Answer = { status: 200, body: STATE.settings };
  routes['PUT /calls/7/review/settings'] = () => answer;
  const main = await render('/review/calls/7');
  input(main, 'k').value = '2';
  input(main, 'coi.advisor').checked = false;
  (main.querySelector('[name="mode"]') as HTMLSelectElement).value = 'fair';
  await submit(main.querySelector('form.review-settings-form'));
  const put = writes()[0]!;
  assert.equal(put.path, '/calls/7/review/settings');
  const body = put.body as Record<string, unknown>;
  assert.equal(body.k, 2);
  assert.equal(body.mode, 'fair');
  assert.deepEqual(body.coi, { org_years: 3, coauthor_years: 5, advisor_years: null, project_years: 5, co_proposers: true, advisor: false, same_project: true, same_person: true });
  assert.equal(new Date(body.review_deadline as string).toISOString(), '2027-05-01T08:00:00.000Z');
  assert.match(text(main.querySelector('form.review-settings-form .message')), /saved/);
  answer = { status: 400, body: { error: { code: 'invalid_argument', message: 'coi.org_years must be at most 50', field: 'coi.org_years' } } };
  await submit(main.querySelector('form.review-settings-form'));
  assert.match(errorAt(main, 'coi.org_years'), /at most 50/);
});

// ------------------------------------------------------------------ reviewer pool

test('pool: names in any script, statuses, loads; invite by e-mail; a refusal shows at the e-mail input', async () => {
  const pool = [
    { id: 1, user_id: 21, name: 'สมชาย ศรีสุข', email: 'reviewer1@asta.example', person_id: null, country: 'TH', status: 'accepted', load: 4, reviews_submitted: 1, reminded_at: null },
    { id: 2, user_id: 22, name: 'فاطمة حسن', email: 'reviewer2@asta.example', person_id: 5, country: 'EG', status: 'invited', load: 0, reviews_submitted: 0, reminded_at: '2027-04-01T00:00:00Z' },
  ];
  routes['GET /calls/7/reviewers'] = { status: 200, body: { items: pool } };
  routes['POST /calls/7/reviewers'] = (s) =>
    (s.body as { email: string }).email === 'reviewer2@asta.example'
      ? { status: 409, body: { error: { code: 'already_exists', message: 'reviewer2@asta.example is already in the pool', field: 'email' } } }
      : { status: 201, body: { ...pool[0], id: 3, name: 'Lê Thị Mai' } };
  const main = await render('/review/calls/7/reviewers');
  const rows = [...main.querySelectorAll('table.pool-table tbody tr')];
  assert.equal(rows.length, 2);
  assert.equal(text(rows[0]!.querySelector('.reviewer-name')), 'สมชาย ศรีสุข');
  assert.equal(rows[1]!.querySelector('.reviewer-name')?.getAttribute('dir'), 'auto');
  assert.match(text(rows[0]), /Accepted/);
  assert.match(text(rows[1]), /Invited/);
  assert.equal((rows[0]!.querySelector('button') as HTMLButtonElement).disabled, true, 'a reviewer with a submitted review cannot be removed');
  const form = main.querySelector<HTMLFormElement>('form.invite-form');
  input(main, 'email').value = 'not an address';
  await submit(form);
  assert.equal(writes().length, 0);
  assert.match(errorAt(main, 'email'), /email address/);
  input(main, 'email').value = 'reviewer2@asta.example';
  await submit(form);
  assert.deepEqual(writes()[0], { method: 'POST', path: '/calls/7/reviewers', body: { email: 'reviewer2@asta.example' } });
  assert.match(errorAt(main, 'email'), /already in the pool/);
  input(main, 'email').value = 'reviewer3@asta.example';
  await submit(form);
  assert.match(text(form?.querySelector('.message')), /Lê Thị Mai is invited/);
});

// ------------------------------------------------------------------ conflicts

const CONFLICTS = [
  { proposal_id: 11, proposal_title: 'Mekong river sensors', reviewer_user_id: 21, reviewer_name: 'สมชาย ศรีสุข', kind: 'same_organization', explanation: 'Both at Mahidol University (2024–now)', explanation_ja: '両者ともマヒドン大学に所属（2024年〜現在）', source: 'detected', overridden: false, override_reason: null, overridden_by: null },
  { proposal_id: 12, proposal_title: 'Flood forecasting', reviewer_user_id: 22, reviewer_name: 'Tanaka Yui', kind: 'declared', explanation: 'Declared by the applicant: competitor', explanation_ja: '申請者による申告：競合', source: 'declared_by_applicant', overridden: true, override_reason: 'Different field', overridden_by: 1 },
];

test('conflicts: kinds and explanations in the UI language; an override needs a reason and sends it', async () => {
  routes['GET /calls/7/conflicts'] = { status: 200, body: { items: structuredClone(CONFLICTS) } };
  routes['POST /calls/7/conflicts/override'] = (s) => ({ status: 200, body: { ...CONFLICTS[0], overridden: true, override_reason: (s.body as { reason: string }).reason } });
  const main = await render('/review/calls/7/conflicts');
  const rows = [...main.querySelectorAll('table.conflicts-table tbody tr')];
  assert.equal(rows.length, 2);
  assert.match(text(rows[0]), /Same organisation/);
  assert.equal(text(rows[0]!.querySelector('.conflict-explanation')), 'Both at Mahidol University (2024–now)');
  assert.match(text(rows[1]), /Overridden/);
  assert.match(text(rows[1]), /Different field/);
  setLanguage('ja', { remember: false });
  applyI18n(main);
  assert.equal(text(rows[0]!.querySelector('.conflict-explanation')), '両者ともマヒドン大学に所属（2024年〜現在）');
  assert.match(text(rows[0]), /同一機関/);
  setLanguage('en', { remember: false });
  applyI18n(main);
  await click(rows[0]!.querySelector('button.override-button'));
  const form = rows[0]!.querySelector<HTMLFormElement>('form.override-form');
  await submit(form);
  assert.equal(writes().length, 0, 'no override without a reason');
  assert.equal(errorAt(main, 'reason'), 'Give the reason; it is recorded.');
  input(main, 'reason').value = 'Left Mahidol in 2020; the record is stale';
  await submit(form);
  assert.deepEqual(writes()[0]!.body, { proposal_id: 11, reviewer_user_id: 21, reason: 'Left Mahidol in 2020; the record is stale' });
  assert.match(text(rows[0]!.querySelector('.override-cell')), /Overridden.*Left Mahidol in 2020/);
});

// ------------------------------------------------------------------ assignment

test('assignment: infeasibility is explained with the server’s reasons; a result is summarised and listed', async () => {
  let feasible = false;
  routes['GET /calls/7/assignments'] = () => ({ status: 200, body: { items: feasible ? [{ id: 1, proposal_id: 11, proposal_title: 'Mekong river sensors', reviewer_user_id: 22, reviewer_name: 'Tanaka Yui', affinity: 0.4321, status: 'assigned', review_id: null }] : [] } });
  routes['POST /calls/7/assignments/compute'] = () =>
    feasible
      ? { status: 200, body: { assigned: 1, total_affinity: 0.4321, min_proposal_affinity: 0.4321, moved: 0, kept: 0 } }
      : { status: 422, body: { error: { code: 'infeasible', message: 'No assignment satisfies the constraints', field: 'assignment' }, reasons: ['p 11 ‘Mekong river sensors’: 1 conflict-free candidate reviewer(s), 3 needed', 'loads: 5 reviewers × 2 = 10 < 12 needed'] } };
  const main = await render('/review/calls/7/assignments');
  const form = main.querySelector<HTMLFormElement>('form.compute-form');
  await submit(form);
  const reasons = [...main.querySelectorAll('.infeasible-reasons li')].map(text);
  assert.deepEqual(reasons, ['p 11 ‘Mekong river sensors’: 1 conflict-free candidate reviewer(s), 3 needed', 'loads: 5 reviewers × 2 = 10 < 12 needed']);
  assert.match(text(main.querySelector('.infeasible h3')), /No assignment is possible/);
  feasible = true;
  input(main, 'keep_existing').checked = true;
  await submit(form);
  assert.deepEqual(writes()[1]!.body, { keep_existing: true });
  assert.equal(main.querySelectorAll('.infeasible').length, 0, 'the old reasons are gone');
  assert.equal(main.querySelector('.compute-summary')?.getAttribute('data-assigned'), '1');
  const row = main.querySelector('table.assignments-table tbody tr');
  assert.match(text(row), /Mekong river sensors.*Tanaka Yui.*0\.432.*Assigned/);
});

// ------------------------------------------------------------------ panel

const PANEL = {
  items: [
    { proposal_id: 11, title: 'Mekong river sensors', applicant_countries: ['JP', 'VN'], funders: [{ agency: 'JST', amount: 9000000 }], slot: null, reviews: 3, raw_mean: 4.2, calibrated_mean: 3.9, weighted_score: 4.1, rank: null, note: '', decision: null, decision_reason: '' },
    { proposal_id: 12, title: 'การจัดการน้ำท่วม', applicant_countries: ['TH'], funders: [{ agency: 'NSTDA', amount: 2500000 }], slot: null, reviews: 3, raw_mean: 3.8, calibrated_mean: 4.3, weighted_score: 3.7, rank: null, note: 'strong team', decision: null, decision_reason: '' },
    { proposal_id: 13, title: 'Flood forecasting', applicant_countries: ['JP'], funders: [{ agency: 'JST', amount: 6000000 }, { agency: 'NSTDA', amount: 1500000 }], slot: null, reviews: 2, raw_mean: 3.0, calibrated_mean: 3.1, weighted_score: 3.0, rank: null, note: '', decision: null, decision_reason: '' },
  ],
  reviewers: [
    { user_id: 21, name: 'สมชาย ศรีสุข', leniency: 0.4, reviews: 3 },
    { user_id: 22, name: 'Tanaka Yui', leniency: -0.25, reviews: 2 },
  ],
};

test('panel: raw and calibrated side by side, leniency signed; arrows and typed ranks reorder; save sends order and notes', async () => {
  routes['GET /calls/7/panel'] = { status: 200, body: structuredClone(PANEL) };
  routes['PUT /calls/7/panel/ranking'] = { status: 200, body: {} };
  const main = await render('/review/calls/7/panel');
  const order = () => [...main.querySelectorAll('table.ranking-table tbody tr')].map((r) => Number(r.getAttribute('data-proposal')));
  assert.deepEqual(order(), [12, 11, 13], 'first ordered by calibrated mean');
  const first = main.querySelector('table.ranking-table tbody tr')!;
  assert.equal(text(first.querySelector('.raw-mean')), '3.80');
  assert.equal(text(first.querySelector('.calibrated-mean')), '4.30');
  assert.deepEqual([...main.querySelectorAll('.leniency')].map(text), ['+0.40', '−0.25']);
  assert.equal((first.querySelector('button.move-up') as HTMLButtonElement).disabled, true);
  await click(first.querySelector('button.move-down'));
  assert.deepEqual(order(), [11, 12, 13]);
  const last = main.querySelector('table.ranking-table tbody tr[data-proposal="13"]')!;
  const rank = last.querySelector<HTMLInputElement>('input.rank-input')!;
  rank.value = '1';
  rank.dispatchEvent(new Event('change'));
  assert.deepEqual(order(), [13, 11, 12]);
  const note = main.querySelector<HTMLTextAreaElement>('tr[data-proposal="11"] textarea.note-input')!;
  note.value = 'Budget of the VN team to be checked';
  note.dispatchEvent(new Event('input'));
  await click(main.querySelector('button.save-ranking'));
  assert.deepEqual(writes()[0], { method: 'PUT', path: '/calls/7/panel/ranking', body: { order: [13, 11, 12], notes: { '11': 'Budget of the VN team to be checked', '12': 'strong team' } } });
  assert.match(text(main.querySelector('.message.is-success')), /saved/);
  // Every input has a label (the ranking's are visually hidden).
  for (const el of main.querySelectorAll('input, textarea, select')) assert.ok(main.querySelector(`label[for="${el.id}"]`), `unlabelled ${el.className}`);
});

// ------------------------------------------------------------------ selection and decisions

test('selection: skipped with reasons, each funder’s use and marginal value; decisions proposed, recorded; release needs the confirmation', async () => {
  routes['GET /calls/7/panel'] = { status: 200, body: structuredClone(PANEL) };
  routes['POST /calls/7/selection'] = { status: 200, body: { selected: [12, 11], proven_optimal: true, funders: [{ agency: 'JST', budget: 10000000, used: 9000000, marginal_value: 0.25 }, { agency: 'NSTDA', currency: 'THB', budget: 3000000, used: 2500000, marginal_value: 4e-7, marginal_step: 1000000, marginal_gain: 0.4 }], skipped: [{ proposal_id: 13, reason: 'budget of JST exhausted (needs 6000000, 1000000 left)' }] } };
  routes['POST /calls/7/decisions'] = { status: 200, body: {} };
  routes['POST /calls/7/release'] = { status: 200, body: { released_at: '2027-06-01T00:00:00Z' } };
  const main = await render('/review/calls/7/selection');
  await click(main.querySelector('button.run-selection'));
  assert.deepEqual([...main.querySelectorAll('.selected-list li')].map((li) => li.getAttribute('data-proposal')), ['12', '11']);
  assert.equal(text(main.querySelector('.skipped-table tr[data-proposal="13"] .skip-reason')), 'budget of JST exhausted (needs 6000000, 1000000 left)');
  assert.match(text(main.querySelector('.funders-use-table tr[data-agency="JST"]')), /10,000,000.*9,000,000.*1,000,000.*0\.2500/);
  assert.match(text(main.querySelector('.funders-use-table tr[data-agency="NSTDA"]')), /3,000,000 THB.*2,500,000 THB.*500,000 THB.*\+0\.400 merit per 1,000,000 THB more/);
  assert.match(text(main.querySelector('.selection-proof')), /Proven optimal/);
  const decision = (id: number) => main.querySelector<HTMLSelectElement>(`.decisions-table tr[data-proposal="${id}"] select`)!;
  assert.deepEqual([decision(11).value, decision(12).value, decision(13).value], ['funded', 'funded', 'reserve']);
  assert.match(text(main.querySelector('.funded-totals [data-agency="JST"]')), /9,000,000 of 10,000,000/);
  // Funding 13 too goes over JST's budget, and the page says so.
  decision(13).value = 'funded';
  decision(13).dispatchEvent(new Event('change'));
  assert.ok(main.querySelector('.funded-totals [data-agency="JST"].is-over'));
  decision(13).value = 'not_funded';
  decision(13).dispatchEvent(new Event('change'));
  const reason = main.querySelector<HTMLInputElement>('.decisions-table tr[data-proposal="13"] input.reason-input')!;
  reason.value = 'JST budget exhausted';
  reason.dispatchEvent(new Event('input'));
  await click(main.querySelector('button.record-decisions'));
  const posted = writes().find((w) => w.path === '/calls/7/decisions')!;
  assert.deepEqual(
    (posted.body as { decisions: unknown[] }).decisions,
    [
      { proposal_id: 11, decision: 'funded', reason: '' },
      { proposal_id: 12, decision: 'funded', reason: '' },
      { proposal_id: 13, decision: 'not_funded', reason: 'JST budget exhausted' },
    ],
  );
  await click(main.querySelector('button.release-button'));
  assert.equal(writes().filter((w) => w.path === '/calls/7/release').length, 0, 'not released without the confirmation');
  (main.querySelector('input.release-confirm') as HTMLInputElement).checked = true;
  await click(main.querySelector('button.release-button'));
  assert.equal(writes().filter((w) => w.path === '/calls/7/release').length, 1);
  assert.match(text(main.querySelector('.release-button')?.closest('section')), /The results are released/);
});

// ------------------------------------------------------------------ the review form

const REVIEW = {
  assignment_id: 44,
  due: '2027-05-01T08:00:00Z',
  proposal: { id: 11, call_id: 7, title: 'Mekong river sensors', abstract: 'A sensor network.', team: [{ name: 'Lê Thị Mai', role: 'co_lead', country: 'VN', organization: 'Can Tho University' }], sections: { summary: 'River sensors.' } },
  form: {
    criteria: [
      { key: 'excellence', title: 'Scientific excellence', title_ja: '科学的卓越性', weight: 40, scale_min: 1, scale_max: 5 },
      { key: 'impact', title: 'Impact and international synergy', title_ja: 'インパクトと国際的な相乗効果', weight: 30, scale_min: 1, scale_max: 5 },
    ],
  },
  review: { scores: { excellence: 4 } as Record<string, number>, comment_to_applicant: '', confidential_comment: '', status: 'draft', submitted_at: null as string | null },
};

test('review form: one input per criterion with its scale; out-of-scale scores and a missing comment stop at their fields', async () => {
  routes['GET /reviews/44'] = { status: 200, body: structuredClone(REVIEW) };
  const main = await render('/review/reviews/44', reviewer);
  const ex = input(main, 'scores.excellence');
  assert.equal(ex.value, '4');
  assert.equal(ex.max, '5');
  assert.match(text(main.querySelector(`label[for="${ex.id}"]`)), /Scientific excellence \(1–5, weight 40\)/);
  assert.equal(text(main.querySelector('.weighted-total')), '4.00');
  input(main, 'scores.impact').value = '7';
  input(main, 'scores.impact').dispatchEvent(new Event('input'));
  await click(main.querySelector('button.save-draft'));
  assert.equal(writes().length, 0, 'an out-of-scale score is not saved');
  assert.equal(errorAt(main, 'scores.impact'), 'Enter a whole number from 1 to 5.');
  input(main, 'scores.impact').value = '';
  await submit(main.querySelector('form.review-form'));
  assert.equal(writes().length, 0);
  assert.equal(errorAt(main, 'scores.impact'), 'Score this criterion (1–5) before submitting.');
  assert.equal(errorAt(main, 'comment_to_applicant'), 'Fill this in.');
  setLanguage('ja', { remember: false });
  applyI18n(main);
  assert.match(text(main.querySelector(`label[for="${ex.id}"]`)), /科学的卓越性\s?（1〜5、重み 40）/);
  assert.equal(errorAt(main, 'comment_to_applicant'), '入力してください。');
});

test('review form: the proposal’s attachments are download links to the attachment route, names in any script', async () => {
  const detail = structuredClone(REVIEW);
  (detail.proposal as Record<string, unknown>).attachments = [
    { id: 5, key: 'cv', filename: 'CV_สมชาย ศรีสุข.pdf', content_type: 'application/pdf', size: 2048, sha256: 'ab' },
  ];
  routes['GET /reviews/44'] = { status: 200, body: detail };
  const main = await render('/review/reviews/44', reviewer);
  const link = main.querySelector<HTMLAnchorElement>('.attachment-list li[data-attachment="5"] a.attachment-link');
  assert.ok(link, 'a link per attachment');
  assert.equal(link.getAttribute('href'), '/api/v1/proposals/11/attachments/5');
  assert.equal(link.getAttribute('download'), 'CV_สมชาย ศรีสุข.pdf', 'downloaded, not routed by the app');
  assert.equal(text(link), 'CV_สมชาย ศรีสุข.pdf');
  assert.match(text(main.querySelector('.attachment-list li')), /\(application\/pdf, 2 kB\)/);
  routes['GET /reviews/44'] = { status: 200, body: structuredClone(REVIEW) };
  const none = await render('/review/reviews/44', reviewer);
  assert.equal(none.querySelector('.attachment-list'), null, 'no list without attachments');
});

test('review form: a draft is PUT; the server’s field error shows at that criterion; submitting saves then submits', async () => {
  routes['GET /reviews/44'] = { status: 200, body: structuredClone(REVIEW) };
  let putAnswer: Answer = { status: 400, body: { error: { code: 'invalid_argument', message: 'scores.impact: 3 is above the scale (1–2)', field: 'scores.impact' } } };
  routes['PUT /reviews/44'] = () => putAnswer;
  routes['POST /reviews/44/submit'] = { status: 200, body: {} };
  const main = await render('/review/reviews/44', reviewer);
  input(main, 'scores.impact').value = '3';
  input(main, 'comment_to_applicant').value = 'ขอบคุณ — a clear plan; 計画は明確です。';
  input(main, 'confidential_comment').value = 'The lead is my former student’s colleague.';
  await click(main.querySelector('button.save-draft'));
  assert.deepEqual(writes()[0], { method: 'PUT', path: '/reviews/44', body: { scores: { excellence: 4, impact: 3 }, comment_to_applicant: 'ขอบคุณ — a clear plan; 計画は明確です。', confidential_comment: 'The lead is my former student’s colleague.' } });
  assert.match(errorAt(main, 'scores.impact'), /above the scale/);
  putAnswer = { status: 200, body: REVIEW.review };
  await submit(main.querySelector('form.review-form'));
  assert.deepEqual(writes().slice(1).map((w) => `${w.method} ${w.path}`), ['PUT /reviews/44', 'POST /reviews/44/submit']);
  assert.deepEqual(navigated, ['/review/reviews/44']);
});

test('review form: a submitted review is read-only; declaring a conflict needs a reason', async () => {
  const submitted = structuredClone(REVIEW);
  submitted.review = { scores: { excellence: 4, impact: 5 }, comment_to_applicant: 'Good.', confidential_comment: 'x', status: 'submitted', submitted_at: '2027-04-20T00:00:00Z' };
  routes['GET /reviews/44'] = { status: 200, body: submitted };
  let main = await render('/review/reviews/44', reviewer);
  assert.equal(main.querySelector('form.review-form'), null);
  assert.match(text(main), /can no longer be changed/);
  assert.deepEqual([...main.querySelectorAll('.scores-table td.score')].map(text), ['4', '5']);

  routes['GET /reviews/44'] = { status: 200, body: structuredClone(REVIEW) };
  routes['POST /reviews/44/declare-conflict'] = { status: 200, body: {} };
  main = await render('/review/reviews/44', reviewer);
  const form = main.querySelector<HTMLFormElement>('form.declare-form');
  await submit(form);
  assert.equal(writes().length, 0);
  assert.equal(errorAt(main, 'reason'), 'Give the reason; it is recorded.');
  (form!.querySelector('[name="reason"]') as HTMLTextAreaElement).value = 'Co-authored with the lead in 2024';
  await submit(form);
  assert.deepEqual(writes()[0], { method: 'POST', path: '/reviews/44/declare-conflict', body: { reason: 'Co-authored with the lead in 2024' } });
  assert.deepEqual(navigated, ['/review']);
});

test('a refusal (a conflicted reviewer) shows the no-access panel and nothing of the proposal', async () => {
  routes['GET /reviews/45'] = { status: 403, body: { error: { code: 'permission_denied', message: 'conflict of interest' } } };
  const main = await render('/review/reviews/45', reviewer);
  assert.ok(main.querySelector('.notice-panel[role="alert"]'));
  assert.match(text(main), /don’t have access/);
  assert.equal(main.querySelector('form'), null);
});

// ------------------------------------------------------------------ home

test('home: a reviewer answers invitations and sees their reviews', async () => {
  routes['GET /me/review-invitations'] = { status: 200, body: { items: [{ id: 5, call_id: 7, call_title: 'e-ASIA Joint Research 2027', call_title_ja: 'e-ASIA共同研究 2027', status: 'invited', review_deadline: '2027-05-01T08:00:00Z' }] } };
  routes['GET /me/reviews'] = { status: 200, body: { items: [{ assignment_id: 44, call_id: 7, call_title: 'e-ASIA', proposal_id: 11, proposal_title: 'Mekong river sensors', status: 'assigned', due: '2027-05-01T08:00:00Z' }] } };
  routes['GET /proposals?mine=true'] = { status: 200, body: { items: [] } };
  routes['POST /review-invitations/5/accept'] = { status: 200, body: { id: 5, call_id: 7, call_title: 'e-ASIA', status: 'accepted', review_deadline: null } };
  const main = await render('/review', reviewer);
  assert.equal(main.querySelector('.review-calls'), null, 'a reviewer is not offered the officer’s calls');
  assert.equal(main.querySelector('a.review-link')?.getAttribute('href'), '/review/reviews/44');
  await click(main.querySelector('button.accept-button'));
  assert.deepEqual(writes()[0], { method: 'POST', path: '/review-invitations/5/accept', body: {} });
  assert.equal(main.querySelector('tr[data-invitation="5"]')?.getAttribute('data-status'), 'accepted');
  assert.equal(main.querySelector('button.accept-button'), null);
});

// ------------------------------------------------------------------ the applicant

test('outcome: before release a notice; after, the decision and reviews labelled by number, in either language', async () => {
  routes['GET /proposals/11'] = { status: 200, body: { id: 11, call_id: 7, title: 'Mekong river sensors', owner_user_id: 3, state: 'submitted' } };
  routes['GET /proposals/11/outcome'] = { status: 200, body: { released: false } };
  let main = await render('/review/proposals/11', applicant);
  assert.equal(main.querySelector('.outcome')?.getAttribute('data-released'), 'false');
  assert.match(text(main.querySelector('.outcome')), /not been released/);

  routes['GET /proposals/11/outcome'] = {
    status: 200,
    body: {
      released: true,
      decision: 'funded',
      reviews: [
        { label: 'Reviewer 1', scores: { excellence: 5, impact: 4 }, comment_to_applicant: 'Excellent and feasible.' },
        { label: 'Reviewer 2', scores: { excellence: 3, impact: 4 }, comment_to_applicant: 'ภาษาไทย: แผนดี' },
      ],
    },
  };
  routes['GET /calls/7'] = { status: 200, body: { ...CALL, criteria: [{ key: 'excellence', title_en: 'Scientific excellence', title_ja: '科学的卓越性', weight: 40, scale_max: 5 }, { key: 'impact', title_en: 'Impact', title_ja: 'インパクト', weight: 30, scale_max: 5 }] } };
  main = await render('/review/proposals/11', applicant);
  assert.match(text(main.querySelector('.outcome-decision')), /Funded/);
  assert.deepEqual([...main.querySelectorAll('.reviewer-label')].map(text), ['Reviewer 1', 'Reviewer 2']);
  const firstRow = main.querySelector('.anonymised-review .scores-table tr[data-criterion="excellence"]');
  assert.deepEqual([...firstRow!.children].map(text), ['Scientific excellence', '5', '1–5']);
  assert.deepEqual([...main.querySelectorAll('.review-comment')].map(text), ['Excellent and feasible.', 'ภาษาไทย: แผนดี']);
  setLanguage('ja', { remember: false });
  applyI18n(main);
  assert.deepEqual([...main.querySelectorAll('.reviewer-label')].map(text), ['審査員 1', '審査員 2']);
  assert.match(text(main.querySelector('.outcome-decision')), /採択/);
  assert.match(text(firstRow), /科学的卓越性/);
});

test('outcome: the applicant’s declaration needs a name and a reason, and sends the e-mail only when given', async () => {
  routes['GET /proposals/11'] = { status: 200, body: { id: 11, call_id: 7, title: 'Mekong river sensors', owner_user_id: 3, state: 'submitted' } };
  routes['GET /proposals/11/outcome'] = { status: 200, body: { released: false } };
  routes['POST /proposals/11/declared-conflicts'] = { status: 201, body: {} };
  const main = await render('/review/proposals/11', applicant);
  const form = main.querySelector<HTMLFormElement>('form.applicant-declare-form');
  input(main, 'email').value = 'x@';
  await submit(form);
  assert.equal(writes().length, 0);
  assert.equal(errorAt(main, 'name'), 'Fill this in.');
  assert.equal(errorAt(main, 'reason'), 'Fill this in.');
  assert.match(errorAt(main, 'email'), /email address/);
  input(main, 'name').value = '鈴木 花子';
  input(main, 'email').value = '';
  (form!.querySelector('[name="reason"]') as HTMLTextAreaElement).value = 'Direct competitor on the same grant';
  await submit(form);
  assert.deepEqual(writes()[0], { method: 'POST', path: '/proposals/11/declared-conflicts', body: { name: '鈴木 花子', reason: 'Direct competitor on the same grant' } });
  assert.match(text(form!.querySelector('.message')), /鈴木 花子/);
});
