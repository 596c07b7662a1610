// The compliance pages' pure logic: permissions per role, batch TSV in and out, base64
// of file bytes, and the reading of a match explanation.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  bytesToBase64,
  can,
  explanationRows,
  explanationSummary,
  isIsoDate,
  parseQueriesTsv,
  resultsToTsv,
  splitNames,
  unresolvedHits,
  MAX_BATCH,
} from '../src/compliance/logic.js';
import { en, ja } from '../src/i18n/messages.js';
import { HOW_CODES } from '../src/compliance/logic.js';

const user = (...roles: string[]) => ({ roles: roles.map((role) => ({ role })) });

test('permissions follow the server table', () => {
  const officer = user('compliance_officer');
  const admin = user('administrator');
  const analyst = user('analyst');
  const applicant = user('applicant');
  for (const p of ['lists.read', 'lists.manage', 'screen', 'hits.read', 'hits.decide', 'tech_requests.list', 'tech_requests.decide', 'tech_requests.create'] as const) {
    assert.ok(can(officer, p), `compliance officer may ${p}`);
  }
  assert.ok(can(admin, 'hits.read'));
  assert.ok(!can(admin, 'hits.decide'), 'administrators do not decide hits');
  assert.ok(!can(admin, 'tech_requests.decide'), 'administrators do not decide requests');
  assert.ok(can(analyst, 'lists.read'));
  assert.ok(!can(analyst, 'hits.read'), 'analysts do not see hits');
  assert.ok(!can(analyst, 'screen'));
  assert.ok(!can(analyst, 'tech_requests.create'), 'a pure analyst files no requests');
  assert.ok(can(user('analyst', 'applicant'), 'tech_requests.create'));
  assert.ok(can(applicant, 'tech_requests.create'));
  assert.ok(!can(applicant, 'lists.read'));
  assert.ok(can(applicant, 'control_categories.read'));
  assert.ok(!can(applicant, 'control_categories.write'));
});

test('QUERIES.tsv: ids, names, kinds and countries', () => {
  const r = parseQueriesTsv('\uFEFFq1\tIvan Petrov\tperson\tru\n\n# comment\nq2\t株式会社 東京\torganization\nq3\tليلى حداد\r\n');
  assert.ok('queries' in r);
  assert.deepEqual(r.queries, [
    { id: 'q1', name: 'Ivan Petrov', kind: 'person', country: 'RU' },
    { id: 'q2', name: '株式会社 東京', kind: 'organization' },
    { id: 'q3', name: 'ليلى حداد' },
  ]);
});

test('QUERIES.tsv: a bare column of names is numbered by line', () => {
  const r = parseQueriesTsv('Ivan Petrov\n\nOsama Bin Laden\n');
  assert.ok('queries' in r);
  assert.deepEqual(r.queries, [
    { id: '1', name: 'Ivan Petrov' },
    { id: '3', name: 'Osama Bin Laden' },
  ]);
});

test('QUERIES.tsv: problems name their line', () => {
  assert.deepEqual(parseQueriesTsv('a\tx\nb\t\n'), { problem: { line: 2, reason: 'no_name' } });
  assert.deepEqual(parseQueriesTsv('a\tx\tcompany\n'), { problem: { line: 1, reason: 'bad_kind', value: 'company' } });
  assert.deepEqual(parseQueriesTsv('a\tx\tperson\tJPN\n'), { problem: { line: 1, reason: 'bad_country', value: 'JPN' } });
  assert.deepEqual(parseQueriesTsv('a\tx\n\na\ty\n'), { problem: { line: 3, reason: 'duplicate_id', value: 'a' } });
  const many = Array.from({ length: MAX_BATCH + 1 }, (_, i) => `q${i}\tname ${i}`).join('\n');
  assert.deepEqual(parseQueriesTsv(many), { problem: { line: MAX_BATCH + 1, reason: 'too_many' } });
  const exactly = Array.from({ length: MAX_BATCH }, (_, i) => `q${i}\tname ${i}`).join('\n');
  const ok = parseQueriesTsv(exactly);
  assert.ok('queries' in ok && ok.queries.length === MAX_BATCH);
});

test('RESULTS.tsv has the CLI header, ranks per query and no broken rows', () => {
  const tsv = resultsToTsv([
    {
      id: 'q1',
      matches: [
        { list: 'demo-list', entity_id: 'E1', matched_name: 'Ivan\tPetrov', score: 0.93456, alert: true },
        { list: 'demo-list', entity_id: 'E2', matched_name: 'Ivan Petrenko', score: 0.5, alert: false },
      ],
    },
    { id: 'q2', matches: [] },
  ]);
  assert.equal(
    tsv,
    'query_id\trank\tscore\talert\tlist\tentity_id\tmatched_name\n' +
      'q1\t1\t0.9346\t1\tdemo-list\tE1\tIvan Petrov\n' +
      'q1\t2\t0.5000\t0\tdemo-list\tE2\tIvan Petrenko\n',
  );
});

test('bytesToBase64 matches Buffer for empty, small, UTF-8 and large inputs', () => {
  const cases = [
    new Uint8Array(0),
    new Uint8Array([0xff]),
    new TextEncoder().encode('entity_id,name\nE1,山田 太郎\n'),
    Uint8Array.from({ length: 200_001 }, (_, i) => (i * 31) & 0xff),
  ];
  for (const bytes of cases) {
    assert.equal(bytesToBase64(bytes), Buffer.from(bytes).toString('base64'), `length ${bytes.length}`);
  }
});

test('explanation rows are heaviest first with weight shares', () => {
  const rows = explanationRows({
    parts: [
      { query_part: 'ltd', candidate_part: 'limited', how: 'legal_form', similarity: 1, weight: 0.1 },
      { query_part: 'petrov', candidate_part: 'petrof', how: 'phonetic', similarity: 0.914, weight: 0.6 },
      { query_part: '', candidate_part: 'sergeevich', how: 'extra', similarity: 0, weight: 0.3 },
      { query_part: 'x', candidate_part: 'y', how: 'something_new', similarity: 2, weight: 0 },
    ],
  });
  assert.deepEqual(
    rows.map((r) => [r.query, r.candidate, r.how, r.known, r.similarity, r.weight]),
    [
      ['petrov', 'petrof', 'phonetic', true, '91%', '60%'],
      ['', 'sergeevich', 'extra', true, '0%', '30%'],
      ['ltd', 'limited', 'legal_form', true, '100%', '10%'],
      ['x', 'y', 'something_new', false, '100%', '0%'],
    ],
  );
  assert.deepEqual(explanationRows(undefined), []);
  assert.deepEqual(
    explanationRows({ parts: [{ query_part: 'a', candidate_part: 'a', how: 'exact', similarity: 1, weight: 0 }] })[0]!.weight,
    '—',
  );
});

test('explanation summary counts each kind of match in a fixed order', () => {
  const parts = (hows: string[]) => ({ parts: hows.map((how) => ({ query_part: 'a', candidate_part: 'b', how, similarity: 1, weight: 1 })) });
  assert.deepEqual(explanationSummary(parts(['missing', 'exact', 'fuzzy', 'exact', 'zzz'])), [
    { how: 'exact', count: 2 },
    { how: 'fuzzy', count: 1 },
    { how: 'missing', count: 1 },
    { how: 'zzz', count: 1 },
  ]);
});

test('every way of matching has a label in both languages', () => {
  for (const how of HOW_CODES) {
    assert.ok(`how.${how}` in en, `en lacks how.${how}`);
    assert.ok(`how.${how}` in ja, `ja lacks how.${how}`);
  }
});

test('unresolved hits are open or true matches', () => {
  assert.equal(unresolvedHits([{ status: 'open' }, { status: 'false_positive' }, { status: 'true_match' }]), 2);
  assert.equal(unresolvedHits([{ status: 'false_positive' }]), 0);
  assert.equal(unresolvedHits(undefined), 0);
});

test('dates and name lists', () => {
  assert.ok(isIsoDate('2027-02-28'));
  assert.ok(!isIsoDate('2027-02-29'));
  assert.ok(isIsoDate('2028-02-29'));
  assert.ok(!isIsoDate('2027-2-1'));
  assert.deepEqual(splitNames('Иван Петров; Ivan Petrov\n\nI. Petrov；伊万'), ['Иван Петров', 'Ivan Petrov', 'I. Petrov', '伊万']);
});
