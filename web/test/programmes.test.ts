// Programmes, calls and proposals: the pure logic behind their pages — deadlines in a
// zone and the countdown, character and word counts against a form's limits, the
// eligibility checklist and the inputs its verdicts name, budget totals, the proposal
// editor's content, the call editor's definition, and the list filters.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  callFiltersApi,
  callFiltersQuery,
  callPhase,
  canInvite,
  currentDeadline,
  deadlineFor,
  isTwoStage,
  proposalStage,
  receiptStage,
  requiredAt,
  stageKey,
  takesNewProposals,
  callToEditor,
  canProgrammes,
  checklist,
  contentBody,
  contentOf,
  countChars,
  countWords,
  countdownKey,
  draftTotals,
  editorToDefinition,
  emptyCallEditor,
  failedCount,
  fieldCandidates,
  flaggedFields,
  formatAmount,
  formatBytes,
  formatInZone,
  formatLocalIso,
  isEditable,
  parseCallFilters,
  parseSubmissionFilters,
  proposalEligible,
  requiredStatements,
  resolveField,
  rulesTextFor,
  sampleDraft,
  screeningMatches,
  screeningStatus,
  sectionUsage,
  submissionFiltersQuery,
  timeLeft,
  totalsRows,
  wallClock,
  type Call,
  type Check,
} from '../src/programmes/logic.js';
import { en, ja } from '../src/i18n/messages.js';

const roles = (...r: string[]) => ({ roles: r.map((role) => ({ role })) });

test('officers and administrators build calls; everyone but analysts writes proposals', () => {
  assert.equal(canProgrammes(roles('programme_officer'), 'calls.manage'), true);
  assert.equal(canProgrammes(roles('administrator'), 'calls.manage'), true);
  assert.equal(canProgrammes(roles('applicant'), 'calls.manage'), false);
  assert.equal(canProgrammes(roles('applicant'), 'proposals.write'), true);
  assert.equal(canProgrammes(roles('reviewer'), 'proposals.write'), true);
  assert.equal(canProgrammes(roles('analyst'), 'proposals.write'), false);
  assert.equal(canProgrammes(roles('analyst', 'applicant'), 'proposals.write'), true);
});

test('a deadline is shown in the call’s zone as the server wrote it', () => {
  assert.equal(formatLocalIso('2027-01-31T17:00:00+09:00'), '2027-01-31 17:00:00 UTC+09:00');
  assert.equal(formatLocalIso('2027-01-31T08:00:00Z'), '2027-01-31 08:00:00 UTC+00:00');
  assert.equal(formatLocalIso('2027-01-31T17:00+0530'), '2027-01-31 17:00:00 UTC+05:30');
  assert.equal(formatLocalIso('2027-01-31T17:00:00'), '2027-01-31 17:00:00');
  assert.equal(formatLocalIso(''), '');
  assert.equal(formatLocalIso('soon'), 'soon');
});

test('the same instant in other zones, to the second, with the offset', () => {
  const closes = '2027-01-31T08:00:00Z';
  assert.equal(formatInZone(closes, 'Asia/Tokyo'), '2027-01-31 17:00:00 UTC+09:00');
  assert.equal(formatInZone(closes, 'Asia/Bangkok'), '2027-01-31 15:00:00 UTC+07:00');
  assert.equal(formatInZone(closes, 'Europe/Brussels'), '2027-01-31 09:00:00 UTC+01:00');
  assert.equal(formatInZone(closes, 'America/St_Johns'), '2027-01-31 04:30:00 UTC-03:30');
  assert.equal(formatInZone(closes, 'UTC'), '2027-01-31 08:00:00 UTC+00:00');
  // Summer time in Brussels; midnight is 00, not 24.
  assert.equal(formatInZone('2027-06-30T22:00:00Z', 'Europe/Brussels'), '2027-07-01 00:00:00 UTC+02:00');
  // One second before the deadline, in the applicant's zone.
  assert.equal(formatInZone('2027-01-31T07:59:59Z', 'Asia/Manila'), '2027-01-31 15:59:59 UTC+08:00');
  assert.equal(formatInZone(closes, 'Not/AZone'), closes);
  assert.equal(formatInZone('not a time', 'Asia/Tokyo'), 'not a time');
});

test('the countdown: days, then hours, then minutes, then closed', () => {
  const now = Date.parse('2027-01-01T00:00:00Z');
  assert.deepEqual(timeLeft('2027-01-31T08:00:00Z', now), { kind: 'days', n: 30 });
  assert.deepEqual(timeLeft('2027-01-02T00:00:00Z', now), { kind: 'days', n: 1 });
  assert.deepEqual(timeLeft('2027-01-01T23:59:59Z', now), { kind: 'hours', n: 23 });
  assert.deepEqual(timeLeft('2027-01-01T00:30:00Z', now), { kind: 'minutes', n: 30 });
  assert.deepEqual(timeLeft('2027-01-01T00:00:01Z', now), { kind: 'minutes', n: 1 });
  assert.deepEqual(timeLeft('2027-01-01T00:00:00Z', now), { kind: 'past' });
  assert.deepEqual(timeLeft('2026-12-31T23:59:59Z', now), { kind: 'past' });
  assert.deepEqual(countdownKey({ kind: 'days', n: 30 }, 'closes'), { key: 'pc.closes_in.days', n: 30 });
  assert.deepEqual(countdownKey({ kind: 'days', n: 1 }, 'closes'), { key: 'pc.closes_in.days_one', n: 1 });
  assert.deepEqual(countdownKey({ kind: 'hours', n: 5 }, 'opens'), { key: 'pc.opens_in.hours', n: 5 });
  assert.deepEqual(countdownKey({ kind: 'past' }, 'closes'), { key: 'pc.closes_past', n: 0 });
  assert.deepEqual(countdownKey({ kind: 'days', n: 3 }, 'pre_closes'), { key: 'pc.pre_closes_in.days', n: 3 });
  assert.deepEqual(countdownKey({ kind: 'minutes', n: 1 }, 'pre_closes'), { key: 'pc.pre_closes_in.minutes_one', n: 1 });
  assert.deepEqual(countdownKey({ kind: 'past' }, 'pre_closes'), { key: 'pc.pre_closes_past', n: 0 });
});

test('wall-clock times for the call definition', () => {
  assert.equal(wallClock('2027-01-31T17:00:00+09:00'), '2027-01-31T17:00:00');
  assert.equal(wallClock('2027-01-31T17:00'), '2027-01-31T17:00:00');
  assert.equal(wallClock('2027-01-31 17:00:05'), '2027-01-31T17:00:05');
  assert.equal(wallClock(''), '');
});

test('characters count code points, and a CRLF line break as one', () => {
  assert.equal(countChars(''), 0);
  assert.equal(countChars('abc'), 3);
  assert.equal(countChars('日本語'), 3);
  assert.equal(countChars('𠮷野家'), 3); // a character outside the BMP counts once
  assert.equal(countChars('a\r\nb'), 3);
  assert.equal(countChars('Nguyễn'), 6);
});

test('words as the server counts them: runs between spaces, and each kana, kanji or Hangul', () => {
  assert.equal(countWords(''), 0);
  assert.equal(countWords('  Rice breeding  in the Mekong delta. '), 6);
  assert.equal(countWords("farmers' co-operative, 2027 targets"), 4);
  assert.equal(countWords('a - b'), 3); // punctuation between spaces is a word, as on the server
  assert.equal(countWords('line\nbreak\ttab\u3000ideographic\u00a0nbsp'), 5);
  assert.equal(countWords('稲の育種'), 4);
  assert.equal(countWords('メコン川の稲 rice'), 7);
  assert.equal(countWords('稲。育種'), 4); // 。 is not a kana or kanji: a word of its own
  assert.equal(countWords('한국어 연구'), 5);
  assert.equal(countWords('ข้าวหอม มะลิ'), 2); // Thai is written without spaces: one word per run
});

test('a section’s usage against its limits', () => {
  assert.deepEqual(sectionUsage('one two three', { max_words: 2 }), { chars: 13, words: 3, maxChars: null, maxWords: 2, over: true, missing: false });
  assert.deepEqual(sectionUsage('短い', { max_chars: 2, required: true }), { chars: 2, words: 2, maxChars: 2, maxWords: null, over: false, missing: false });
  assert.equal(sectionUsage('長すぎる', { max_chars: 3 }).over, true);
  assert.equal(sectionUsage('   ', { required: true }).missing, true);
  assert.equal(sectionUsage('', {}).over, false);
});

const check: Check = {
  eligible: false,
  verdicts: [
    { slot: '', rule: 0, kind: 'min_countries', ok: false, field: 'team', message_en: 'The team has members from 2 countries; this call needs at least 3.', message_ja: 'チームの参加国は2か国です。この公募では3か国以上が必要です。', rule_en: 'At least 3 countries in the team.', rule_ja: 'チームに3か国以上が参加していること。' },
    { slot: '', rule: 1, kind: 'lead_from_funder_country', ok: true, rule_en: 'One lead from a funded country.', rule_ja: '代表者が1名、支援対象国から。' },
    { slot: 'policy', rule: 0, kind: 'statement', ok: false, field: 'statements.policy_requirement', message_en: 'Too short.', message_ja: '短すぎます。', rule_en: 'A policy statement.', rule_ja: '' },
    { slot: '', rule: 2, kind: 'members_fundable', ok: false, field: 'team[2].country', message_en: 'No country.', message_ja: '', rule_en: 'Fundable.', rule_ja: '支援対象。' },
  ],
};

test('the checklist in the UI language, falling back to the other', () => {
  const en = checklist(check, 'en');
  assert.equal(en.length, 4);
  assert.deepEqual(en[0], { ok: false, slot: '', kind: 'min_countries', rule: 'At least 3 countries in the team.', message: 'The team has members from 2 countries; this call needs at least 3.', field: 'team' });
  assert.deepEqual(en[1], { ok: true, slot: '', kind: 'lead_from_funder_country', rule: 'One lead from a funded country.', message: '', field: '' });
  const ja = checklist(check, 'ja');
  assert.equal(ja[0]!.message, 'チームの参加国は2か国です。この公募では3か国以上が必要です。');
  assert.equal(ja[2]!.rule, 'A policy statement.'); // no Japanese sentence: the English one
  assert.equal(ja[3]!.message, 'No country.');
  assert.equal(ja[2]!.slot, 'policy');
  assert.equal(failedCount(check), 3);
  assert.deepEqual(checklist(null, 'en'), []);
  assert.equal(failedCount(undefined), 0);
});

test('a verdict’s field is shown at the nearest input the page has', () => {
  assert.deepEqual(fieldCandidates('team[2].country'), ['team[2].country', 'team[2]', 'team']);
  assert.deepEqual(fieldCandidates('statements.policy_requirement'), ['statements.policy_requirement', 'statements']);
  assert.deepEqual(fieldCandidates('slots[0].rules[1].group'), ['slots[0].rules[1].group', 'slots[0].rules[1]', 'slots[0].rules', 'slots[0]', 'slots']);
  assert.deepEqual(fieldCandidates('slot'), ['slot']);
  assert.deepEqual(fieldCandidates('content.team[1].name'), ['team[1].name', 'team[1]', 'team']);
  assert.deepEqual(fieldCandidates(''), []);
  assert.deepEqual(fieldCandidates(null), []);
  const page = new Set(['team', 'team[0].country', 'team[1].country', 'slots[0].rules', 'rules']);
  assert.equal(resolveField('team[1].country', (n) => page.has(n)), 'team[1].country');
  assert.equal(resolveField('team[2].country', (n) => page.has(n)), 'team');
  assert.equal(resolveField('rules[1].group', (n) => page.has(n)), 'rules');
  assert.equal(resolveField('slots[0].rules[1].group', (n) => page.has(n)), 'slots[0].rules');
  assert.equal(resolveField('budget[0].currency', (n) => page.has(n)), null);
  assert.deepEqual(flaggedFields(check, [{ field: 'sections.summary', message_en: 'Over', message_ja: '超過' }, { field: 'team', message_en: '', message_ja: '' }]), ['team', 'statements.policy_requirement', 'team[2].country', 'sections.summary']);
});

test('amounts and budget totals', () => {
  assert.equal(formatAmount(90000000, 'JPY', 'en'), '90,000,000 JPY');
  assert.equal(formatAmount(6000000, 'THB', 'ja'), '6,000,000 THB');
  assert.equal(formatAmount(1500.5, '', 'en'), '1,500.5');
  assert.equal(formatAmount(null, 'JPY', 'en'), '—');
  const rows = totalsRows([
    { agency: 'JST', currency: 'JPY', budget: 90000000, requested: 45000000, requested_submitted: 9000000 },
    { agency: 'NRCT', currency: 'THB', budget: 1000000, requested: 2500000, requested_submitted: 1200000 },
    { agency: 'DOST', currency: 'PHP', budget: null, requested: 10, requested_submitted: 0 },
  ]);
  assert.deepEqual(
    rows.map((r) => [r.agency, r.share, r.shareSubmitted, r.over]),
    [
      ['JST', 50, 10, false],
      ['NRCT', 250, 120, true],
      ['DOST', null, null, false],
    ],
  );
  assert.deepEqual(totalsRows(undefined), []);
});

const funders = [
  { agency: 'JST', currency: 'JPY', budget: 90000000, countries: ['JP'] },
  { agency: 'NRCT', currency: 'THB', budget: 6000000, countries: ['TH'] },
];

test('a draft’s budget summed per funder in the call’s order, wrong currencies marked', () => {
  const totals = draftTotals(
    [
      { funder: 'NRCT', year: 2027, category: 'travel', amount: 900000, currency: 'THB' },
      { funder: 'JST', year: '2027', category: 'personnel', amount: '8000000', currency: 'jpy' },
      { funder: 'JST', year: 2028, category: 'personnel', amount: 2000000, currency: 'JPY' },
      { funder: 'JST', year: 2028, category: 'travel', amount: 500, currency: 'USD' },
      { funder: 'NRCT', year: 2027, category: 'travel', amount: '', currency: 'THB' },
      { funder: 'XYZ', year: 2027, category: 'travel', amount: 'lots', currency: 'THB' },
    ],
    funders,
  );
  assert.deepEqual(totals, [
    { funder: 'JST', currency: 'JPY', amount: 10000000, budget: 90000000, currencyMismatch: false },
    { funder: 'JST', currency: 'USD', amount: 500, budget: 90000000, currencyMismatch: true },
    { funder: 'NRCT', currency: 'THB', amount: 900000, budget: 6000000, currencyMismatch: false },
  ]);
});

const call = {
  rules: [{ kind: 'min_countries', min: 3 }, { kind: 'statement', statement: 'data_plan', min_chars: 50, label_en: 'Data plan' }],
  slots: [
    { code: 'policy', name_en: 'Policy slot', rules: [{ kind: 'statement', statement: 'policy_requirement', min_chars: 200, label_en: 'Policy requirement', label_ja: '政策要件' }, { kind: 'statement', statement: 'data_plan', min_chars: 10 }] },
    { code: 'oda', name_en: 'ODA slot', rules: [{ kind: 'countries_in_group', group: 'oda', min: 1 }] },
  ],
  rules_text: [
    { slot: '', rule: 0, en: 'At least 3 countries in the team.', ja: 'チームに3か国以上が参加していること。' },
    { slot: 'policy', rule: 0, en: 'A policy statement.', ja: '' },
  ],
};

test('statements the call’s and the slot’s rules ask for', () => {
  assert.deepEqual(requiredStatements(call, ''), [{ key: 'data_plan', min_chars: 50, label_en: 'Data plan', label_ja: '', slot: '' }]);
  assert.deepEqual(
    requiredStatements(call, 'policy').map((s) => [s.key, s.min_chars, s.slot]),
    [
      ['data_plan', 50, ''],
      ['policy_requirement', 200, 'policy'],
    ],
  );
  assert.deepEqual(requiredStatements(call, 'oda').map((s) => s.key), ['data_plan']);
  assert.deepEqual(requiredStatements(call, 'none'), requiredStatements(call, ''));
  assert.deepEqual(rulesTextFor(call, '', 'ja'), ['チームに3か国以上が参加していること。']);
  assert.deepEqual(rulesTextFor(call, 'policy', 'ja'), ['A policy statement.']);
  assert.deepEqual(rulesTextFor(call, 'oda', 'en'), []);
});

test('proposal content: rows sent one for one, numbers parsed, codes upper-cased', () => {
  const c = contentOf({
    title: '  Mekong rice  ',
    team: [
      { name: '佐藤 健二', role: 'lead', country: 'jp', organization: '', team: 'JP' },
      { name: '', role: '', country: '' },
    ],
    budget: [{ funder: 'JST', year: 2027, category: 'personnel', amount: 8000000, currency: 'JPY' }],
    statements: { policy_requirement: 'a\r\nb' },
    keywords: ['rice'],
  });
  assert.equal(c.budget[0]!.year, '2027'); // kept as text while edited
  c.budget.push({ funder: 'NRCT', year: ' 2028 ', category: 'travel', team: 'TH', amount: '1,200,000', currency: 'thb' });
  c.budget.push({ funder: 'NRCT', year: '20x8', category: 'travel', amount: '', currency: 'THB' });
  const body = contentBody(c);
  assert.equal(body.title, 'Mekong rice');
  assert.deepEqual(body.team, [
    { name: '佐藤 健二', role: 'lead', country: 'JP', team: 'JP' },
    { name: '', role: 'member', country: '' },
  ]);
  assert.deepEqual(body.budget, [
    { funder: 'JST', year: 2027, category: 'personnel', amount: 8000000, currency: 'JPY' },
    { funder: 'NRCT', year: 2028, category: 'travel', amount: 1200000, currency: 'THB', team: 'TH' },
    { funder: 'NRCT', year: '20x8', category: 'travel', amount: '', currency: 'THB' },
  ]);
  assert.deepEqual(body.statements, { policy_requirement: 'a\nb' });
  assert.deepEqual(body.internationalisation, { plan: '', targets: [] });
  assert.equal(body.slot, '');
  assert.deepEqual(body.keywords, ['rice']);
  assert.equal('abstract' in body, false);
});

test('who may edit, eligibility and screening of a proposal or summary', () => {
  assert.equal(isEditable({ state: 'draft', owner_user_id: 5 }, 5), true);
  assert.equal(isEditable({ state: 'submitted', owner_user_id: 5 }, 5), false);
  assert.equal(isEditable({ state: 'draft', owner_user_id: 5 }, 6), false);
  assert.equal(proposalEligible({ eligible: false, check: { eligible: true, verdicts: [] } }), false);
  assert.equal(proposalEligible({ check: { eligible: true, verdicts: [] } }), true);
  assert.equal(proposalEligible({}), null);
  assert.equal(screeningStatus({}), 'none');
  assert.equal(screeningStatus({ screening_status: 'pending' }), 'pending');
  assert.equal(screeningStatus({ screening: 'clear' }), 'clear');
  const screening = {
    status: 'alerts',
    screened_at: '2027-01-02T00:00:00Z',
    members: [
      { field: 'team[2]', name: '黒金 鉄男', alerts: [{ list: 'demo-list', entity_id: 'DEMO-002', matched_name: 'Kurogane Tetsuo', score: 0.97 }] },
      { field: 'team[0]', name: 'Somchai', alerts: [] },
    ],
  };
  assert.equal(screeningStatus({ screening }), 'alerts');
  assert.deepEqual(screeningMatches(screening), [{ member: '黒金 鉄男', field: 'team[2]', matched: 'Kurogane Tetsuo', list: 'demo-list', score: 0.97 }]);
  assert.deepEqual(screeningMatches(undefined), []);
});

test('call filters: page address and API query', () => {
  const f = parseCallFilters(new URLSearchParams(''));
  assert.deepEqual(f, { status: 'open', programme: '', q: '' });
  assert.equal(callFiltersQuery(f), '');
  assert.deepEqual(callFiltersApi(f), { status: 'open' });
  const g = parseCallFilters(new URLSearchParams('status=any&programme=7&q=%20e-ASIA%20'));
  assert.deepEqual(g, { status: 'any', programme: '7', q: 'e-ASIA' });
  assert.equal(callFiltersQuery(g), 'status=any&programme=7&q=e-ASIA');
  assert.deepEqual(callFiltersApi(g), { programme: '7', q: 'e-ASIA' });
  assert.deepEqual(parseCallFilters(new URLSearchParams('status=bogus&programme=x')), { status: 'open', programme: '', q: '' });
  assert.deepEqual(callFiltersApi({ status: 'closed', programme: '', q: '' }), { status: 'closed' });
});

test('submission filters: unknown values dropped, empty ones left out', () => {
  const f = parseSubmissionFilters(new URLSearchParams('state=submitted&eligible=false&screening=alerts&slot=oda&q=rice&bogus=1'));
  assert.deepEqual(f, { state: 'submitted', stage: '', eligible: 'false', screening: 'alerts', slot: 'oda', q: 'rice' });
  assert.equal(submissionFiltersQuery(f), 'state=submitted&eligible=false&screening=alerts&slot=oda&q=rice');
  assert.deepEqual(parseSubmissionFilters(new URLSearchParams('state=lost&stage=3&eligible=maybe')), { state: '', stage: '', eligible: '', screening: '', slot: '', q: '' });
  assert.equal(submissionFiltersQuery({ state: '', stage: '', eligible: 'true', screening: '', slot: '', q: ' ' }), 'eligible=true');
  // The stage filter, as the server takes it (stage=1|2).
  const pre = parseSubmissionFilters(new URLSearchParams('stage=1&state=submitted'));
  assert.equal(pre.stage, '1');
  assert.equal(submissionFiltersQuery(pre), 'state=submitted&stage=1');
  assert.equal(parseSubmissionFilters(new URLSearchParams('stage=2')).stage, '2');
});

const fullCall = {
  id: 3,
  programme_id: 1,
  programme_name: 'e-ASIA',
  title: 'e-ASIA joint research',
  title_ja: 'e-ASIA共同研究',
  opens: '2026-10-01T00:00:00Z',
  closes: '2027-01-31T08:00:00Z',
  opens_local: '2026-10-01T09:00:00+09:00',
  closes_local: '2027-01-31T17:00:00+09:00',
  time_zone: 'Asia/Tokyo',
  status: 'open',
  funding_model: 'virtual_common_pot',
  stages: 1,
  funders: [{ agency: 'JST', currency: 'JPY', budget: 90000000, countries: ['JP'] }, { agency: 'NRCT', currency: 'THB', budget: null, countries: ['TH', 'LA'] }],
  description: 'Rice',
  themes: ['green-innovation'],
  slots: [{ code: 'oda', name_en: 'ODA', quota: 2, rules: [{ kind: 'countries_in_group', group: 'oda', min: 1 }] }],
  rules: [{ kind: 'min_countries', min: 3 }],
  rules_text: [],
  form: { sections: [{ key: 'summary', title_en: 'Summary', title_ja: '概要', max_chars: 2000, required: true }], attachments: [{ key: 'cv', title_en: 'CVs', types: ['application/pdf'], max_bytes: 5000000 }] },
  criteria: [{ key: 'excellence', title_en: 'Excellence', weight: 2, scale_max: 5 }],
  source: '',
  version: 4,
} satisfies Call;

test('the call editor: a call to its state and back to the definition', () => {
  const s = callToEditor(fullCall);
  assert.equal(s.opens, '2026-10-01T09:00:00');
  assert.equal(s.closes, '2027-01-31T17:00:00');
  assert.deepEqual(s.funders[1], { agency: 'NRCT', currency: 'THB', budget: '', countries: 'TH LA' });
  assert.equal(s.slots[0]!.rules, '[\n  {"kind":"countries_in_group","group":"oda","min":1}\n]');
  const r = editorToDefinition(s, fullCall.version);
  assert.ok('body' in r);
  const body = r.body;
  assert.equal(body.version, 4);
  assert.equal(body.programme_id, 1);
  assert.equal(body.closes, '2027-01-31T17:00:00');
  assert.equal(body.time_zone, 'Asia/Tokyo');
  assert.deepEqual(body.funders, [
    { agency: 'JST', currency: 'JPY', budget: 90000000, countries: ['JP'] },
    { agency: 'NRCT', currency: 'THB', countries: ['TH', 'LA'] },
  ]);
  assert.deepEqual(body.rules, [{ kind: 'min_countries', min: 3 }]);
  assert.deepEqual(body.slots, [{ code: 'oda', name_en: 'ODA', quota: 2, rules: [{ kind: 'countries_in_group', group: 'oda', min: 1 }] }]);
  assert.deepEqual(body.form, {
    sections: [{ key: 'summary', title_en: 'Summary', title_ja: '概要', max_chars: 2000, required: true }],
    attachments: [{ key: 'cv', title_en: 'CVs', types: ['application/pdf'], max_bytes: 5000000, required: false }],
  });
  assert.deepEqual(body.criteria, [{ key: 'excellence', title_en: 'Excellence', weight: 2, scale_max: 5 }]);
  assert.equal('pre_proposal_closes' in body, false);
  const created = editorToDefinition({ ...s, stages: '2', pre_proposal_closes: '2026-11-30T17:00' });
  assert.ok('body' in created);
  assert.equal(created.body.pre_proposal_closes, '2026-11-30T17:00:00');
  assert.equal('version' in created.body, false);
});

test('the call editor: rules that are not a JSON list are caught, naming the field', () => {
  const s = emptyCallEditor('Asia/Tokyo');
  assert.equal(s.time_zone, 'Asia/Tokyo');
  const bad = editorToDefinition({ ...s, rules: '[{"kind": "min_countries", "min": 3' });
  assert.ok('problem' in bad && bad.problem.field === 'rules' && bad.problem.reason === 'json');
  const notList = editorToDefinition({ ...s, rules: '{"kind": "min_countries"}' });
  assert.ok('problem' in notList && notList.problem.reason === 'not_list');
  const slot = editorToDefinition({ ...s, slots: [{ code: 'a', name_en: 'A', name_ja: '', quota: '', rules: '[]' }, { code: 'b', name_en: 'B', name_ja: '', quota: '', rules: 'nope' }] });
  assert.ok('problem' in slot && slot.problem.field === 'slots[1].rules');
  const empty = editorToDefinition({ ...s, rules: '  ' });
  assert.ok('body' in empty && Array.isArray(empty.body.rules) && (empty.body.rules as unknown[]).length === 0);
});

test('a sample draft for the rule test: a member per funder country, a line per funder', () => {
  const d = sampleDraft({ funders: [{ agency: 'JST', currency: 'jpy', budget: '1', countries: 'jp' }, { agency: 'NRCT', currency: 'THB', budget: '1', countries: 'TH LA' }, { agency: '', currency: '', budget: '', countries: '' }] }, 2027);
  assert.equal(d.title, 'Sample proposal');
  assert.deepEqual(d.team, [
    { name: 'Member 1', role: 'lead', country: 'JP', org_type: 'university', team: 'JP' },
    { name: 'Member 2', role: 'member', country: 'TH', org_type: 'university', team: 'TH' },
  ]);
  assert.deepEqual(d.budget, [
    { funder: 'JST', year: 2027, category: 'personnel', team: 'JP', amount: 1000000, currency: 'JPY' },
    { funder: 'NRCT', year: 2027, category: 'personnel', team: 'TH', amount: 1000000, currency: 'THB' },
  ]);
});

test('file sizes', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(10_000_000), '10 MB');
  assert.equal(formatBytes(1_500), '1.5 kB');
  assert.equal(formatBytes(null), '—');
});

// ---------------------------------------------------------------- two-stage calls

// A two-stage call in Tokyo: opens 1 March, pre-proposals until 15 April 12:00, full
// proposals until 31 August 12:00 (the demo's aid-linked call has this shape).
const twoStage = {
  opens: '2027-03-01T01:00:00Z',
  closes: '2027-08-31T03:00:00Z',
  closes_local: '2027-08-31T12:00:00+09:00',
  stages: 2,
  pre_proposal_closes: '2027-04-15T03:00:00Z',
  pre_proposal_closes_local: '2027-04-15T12:00:00+09:00',
};
const oneStage = { opens: twoStage.opens, closes: twoStage.closes, closes_local: twoStage.closes_local, stages: 1 };
const at = (iso: string) => Date.parse(iso);

test('two-stage calls: which deadline applies now, to the second', () => {
  assert.equal(isTwoStage(twoStage), true);
  assert.equal(isTwoStage(oneStage), false);
  // Two stages declared but no pre-proposal deadline given: treated as one stage.
  assert.equal(isTwoStage({ stages: 2 }), false);

  assert.equal(callPhase(twoStage, at('2027-02-28T00:00:00Z')), 'upcoming');
  assert.equal(callPhase(twoStage, at('2027-03-10T00:00:00Z')), 'pre');
  // The pre-proposal deadline's own second is on time (as the server judges it) …
  assert.equal(callPhase(twoStage, at('2027-04-15T03:00:00.999Z')), 'pre');
  // … the next one is not: only invited full proposals continue.
  assert.equal(callPhase(twoStage, at('2027-04-15T03:00:01Z')), 'full');
  assert.equal(callPhase(twoStage, at('2027-08-31T03:00:00.500Z')), 'full');
  assert.equal(callPhase(twoStage, at('2027-08-31T03:00:01Z')), 'closed');
  assert.equal(callPhase(oneStage, at('2027-03-10T00:00:00Z')), 'full');
  assert.equal(callPhase(oneStage, at('2027-09-01T00:00:00Z')), 'closed');

  assert.deepEqual(currentDeadline(twoStage, at('2027-02-01T00:00:00Z')), { kind: 'pre', at: twoStage.pre_proposal_closes, local: twoStage.pre_proposal_closes_local });
  assert.deepEqual(currentDeadline(twoStage, at('2027-04-01T00:00:00Z')), { kind: 'pre', at: twoStage.pre_proposal_closes, local: twoStage.pre_proposal_closes_local });
  assert.deepEqual(currentDeadline(twoStage, at('2027-05-01T00:00:00Z')), { kind: 'final', at: twoStage.closes, local: twoStage.closes_local });
  assert.deepEqual(currentDeadline(twoStage, at('2027-09-30T00:00:00Z')).kind, 'final');
  assert.deepEqual(currentDeadline(oneStage, at('2027-04-01T00:00:00Z')).kind, 'final');

  // New proposals: until the pre-proposal deadline in a two-stage call, until the close in one.
  assert.equal(takesNewProposals(twoStage, at('2027-02-01T00:00:00Z')), true);
  assert.equal(takesNewProposals(twoStage, at('2027-04-15T03:00:00Z')), true);
  assert.equal(takesNewProposals(twoStage, at('2027-04-15T03:00:01Z')), false);
  assert.equal(takesNewProposals(oneStage, at('2027-05-01T00:00:00Z')), true);
  assert.equal(takesNewProposals(oneStage, at('2027-09-01T00:00:00Z')), false);
});

test('two-stage calls: the deadline a proposal is submitted by follows its stage', () => {
  assert.deepEqual(deadlineFor(twoStage, 1), { kind: 'pre', at: twoStage.pre_proposal_closes, local: twoStage.pre_proposal_closes_local });
  assert.deepEqual(deadlineFor(twoStage, 2), { kind: 'final', at: twoStage.closes, local: twoStage.closes_local });
  assert.equal(deadlineFor(twoStage, undefined).kind, 'final');
  // A single-stage call has no pre-proposal deadline, whatever a proposal says.
  assert.equal(deadlineFor(oneStage, 1).kind, 'final');
  // The call's zone may be missing from an answer: the instant alone.
  assert.deepEqual(deadlineFor({ ...twoStage, pre_proposal_closes_local: undefined }, 1), { kind: 'pre', at: twoStage.pre_proposal_closes, local: '' });
});

test('stages: labels in both languages, proposals and receipts', () => {
  assert.equal(stageKey(1), 'pc.stage.pre');
  assert.equal(stageKey(2), 'pc.stage.full');
  assert.equal(stageKey(undefined), 'pc.stage.full');
  assert.equal(en[stageKey(1)], 'Pre-proposal');
  assert.equal(en[stageKey(2)], 'Full proposal');
  assert.equal(ja[stageKey(1)], '予備提案');
  assert.equal(ja[stageKey(2)], '本提案');
  assert.equal(proposalStage({ stage: 1 }), 1);
  assert.equal(proposalStage({ stage: 2 }), 2);
  assert.equal(proposalStage({}), 2);
  assert.equal(receiptStage({ number: 'C2-P5-V1-PRE', stage: 1 }), 1);
  assert.equal(receiptStage({ number: 'C2-P5-V3', stage: 2 }), 2);
  // Without a stage, the number tells.
  assert.equal(receiptStage({ number: 'C2-P5-V1-PRE' }), 1);
  assert.equal(receiptStage({ number: 'C2-P5-V3' }), 2);
});

test('two-stage calls: a pre-proposal needs none of the form; officers invite submitted pre-proposals', () => {
  assert.equal(requiredAt(true, 1), false);
  assert.equal(requiredAt(true, 2), true);
  assert.equal(requiredAt(true, undefined), true);
  assert.equal(requiredAt(false, 2), false);
  assert.equal(requiredAt(undefined, 2), false);
  assert.equal(canInvite({ stage: 1, state: 'submitted' }, twoStage), true);
  assert.equal(canInvite({ stage: 1, state: 'draft' }, twoStage), false);
  assert.equal(canInvite({ stage: 1, state: 'withdrawn' }, twoStage), false);
  assert.equal(canInvite({ stage: 2, state: 'submitted' }, twoStage), false);
  assert.equal(canInvite({ stage: 1, state: 'submitted' }, oneStage), false);
});
