// The network pages' pure logic: search state ⇄ address ⇄ API query, toggling facet
// filters, a person's and an organisation's JSON ⇄ the editor without losing fields,
// API error fields ⇄ inputs, permissions, regions, links, and labels for every code.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  CAREER_STAGES,
  FACETS,
  JP_KINDS,
  NAME_KINDS,
  ORG_STATUSES,
  ORG_TYPES,
  REGIONS,
  RELATION_TYPES,
  THEMES,
  bioOrder,
  canNetwork,
  contactHidden,
  countryCount,
  doiUrl,
  emptyPersonForm,
  errorTarget,
  facetValues,
  formToOrg,
  formToPerson,
  httpUrl,
  isFilterActive,
  mayOfferPersonEdit,
  orcidUrl,
  orgBody,
  orgNameErrorField,
  orgToForm,
  parseSearchState,
  parseYear,
  personBody,
  personToForm,
  regionOfCountry,
  rorUrl,
  searchApiPath,
  searchStateQuery,
  sentRowIndexes,
  splitFilter,
  splitLines,
  splitTokens,
  toggleFilter,
  visibleFacets,
  type Organization,
  type Person,
} from '../src/network/logic.js';
import { en, ja } from '../src/i18n/messages.js';

// A person as GET /people/{id} returns it to someone who may see everything.
function samplePerson(): Person & { future_field: string[] } {
  return {
    id: 42,
    name: 'Nguyễn Thị Hoa',
    latin_name: 'Nguyen Thi Hoa',
    other_names: [
      { value: 'グエン・ティ・ホア', lang: 'ja' },
      { value: 'ab: not a language prefix', lang: '' },
    ],
    orcid: '0000-0002-1825-0097',
    emails: ['hoa@example.edu.vn', 'hoa.nguyen@example.org'],
    nationality: 'VN',
    residence_countries: ['VN', 'JP'],
    affiliations: [
      { ror: '', name: 'Vietnam National University, Hanoi', role: 'lecturer', start: '2019-09', end: '', org_id: 13 },
      { ror: '01dq60k83', name: 'Tohoku University', role: 'visiting researcher', start: '2014', end: '2019-03', org_id: null },
    ],
    fields: ['marine biology'],
    keywords: ['coral reefs', 'aquaculture'],
    themes: ['green-innovation', 'blue-economy'],
    bio_en: 'Studies coral reefs.\nAnd aquaculture.',
    bio_ja: 'サンゴ礁を研究している。',
    career_stage: 'early_career',
    publications: [
      { title: 'Coral resilience', abstract: 'We show…', doi: '10.1234/coral.1', year: 2021, coauthors: ['A. Author'] },
    ],
    japan_experience: [
      { kind: 'degree_study', host_ror: '01dq60k83', host_name: 'Tohoku University', start: '2014-10', end: '2019-03', funding: 'MEXT Scholarship', host_org_id: 7 },
    ],
    user_id: 5,
    created_at: '2026-12-01T00:00:00Z',
    updated_at: '2026-12-02T00:00:00Z',
    version: 3,
    // A key a newer server might add to the record: it must go back unchanged.
    future_field: ['kept'],
  };
}

function sampleOrg(): Organization {
  return {
    id: 11,
    ror: null,
    display_name: 'Chulalongkorn University',
    names: [
      { value: 'Chulalongkorn University', lang: 'en', kind: 'display' },
      { value: 'จุฬาลงกรณ์มหาวิทยาลัย', lang: 'th', kind: 'label' },
      { value: 'CU', lang: '', kind: 'acronym' },
    ],
    country: 'TH',
    city: 'Bangkok',
    lat: 13.738,
    lng: 100.532,
    types: ['education', 'funder'],
    status: 'active',
    established: 1917,
    domains: ['chula.ac.th'],
    links: ['https://www.chula.ac.th'],
    external_ids: { grid: 'grid.7922.e', wikidata: 'Q1068613' },
    relations: [{ type: 'child', ror: '05m2fqn25', label: 'King Chulalongkorn Memorial Hospital' }],
    region: '',
    source: 'manual',
    created_at: '2026-12-01T00:00:00Z',
    updated_at: '2026-12-01T00:00:00Z',
    version: 4,
  };
}

// ------------------------------------------------------------------ search

test('the search API path carries the words, type, every facet, each filter, limit and cursor', () => {
  const path = searchApiPath({ q: '  東京大学 ', type: 'organization', filters: ['country:JP', 'country:TH', 'theme:ict'] }, 'CURSOR1', 50);
  assert.ok(path.startsWith('/search?'), path);
  const p = new URLSearchParams(path.slice('/search?'.length));
  assert.equal(p.get('q'), '東京大学', 'the words, trimmed');
  assert.equal(p.get('type'), 'organization');
  assert.deepEqual(p.getAll('facet'), [...FACETS]);
  assert.deepEqual(p.getAll('filter'), ['country:JP', 'country:TH', 'theme:ict']);
  assert.equal(p.get('limit'), '50');
  assert.equal(p.get('cursor'), 'CURSOR1');

  const browse = new URLSearchParams(searchApiPath({ q: '   ', type: '', filters: [] }).split('?')[1]);
  assert.equal(browse.has('q'), false, 'blank words are left out (browse)');
  assert.equal(browse.has('type'), false, '"all" sends no type');
  assert.equal(browse.has('cursor'), false);
  assert.equal(browse.get('limit'), '20');
});

test('facet filters toggle on and off, keeping the others in order', () => {
  let f: string[] = [];
  f = toggleFilter(f, 'country', 'JP');
  f = toggleFilter(f, 'theme', 'ict');
  f = toggleFilter(f, 'country', 'TH');
  assert.deepEqual(f, ['country:JP', 'theme:ict', 'country:TH']);
  assert.ok(isFilterActive(f, 'theme', 'ict'));
  f = toggleFilter(f, 'theme', 'ict');
  assert.deepEqual(f, ['country:JP', 'country:TH']);
  assert.ok(!isFilterActive(f, 'theme', 'ict'));
  const before = ['region:europe'];
  toggleFilter(before, 'region', 'europe');
  assert.deepEqual(before, ['region:europe'], 'the input is not changed');
});

test('a filter splits at its first colon; unknown facets and empty values are refused', () => {
  assert.deepEqual(splitFilter('theme:a:b'), { facet: 'theme', value: 'a:b' });
  assert.deepEqual(splitFilter('jp_experience:postdoc'), { facet: 'jp_experience', value: 'postdoc' });
  assert.equal(splitFilter('salary:high'), null);
  assert.equal(splitFilter('country:'), null);
  assert.equal(splitFilter(':JP'), null);
  assert.equal(splitFilter('country'), null);
});

test('the page address keeps the search state and reads it back leniently', () => {
  const state = { q: 'coral reefs', type: 'person' as const, filters: ['country:VN', 'jp_experience:degree_study'] };
  const qs = searchStateQuery(state);
  assert.deepEqual(parseSearchState(new URLSearchParams(qs)), state);
  assert.equal(searchStateQuery({ q: ' ', type: '', filters: [] }), '');
  const odd = parseSearchState(new URLSearchParams('type=everything&filter=country:JP&filter=bogus&filter=country:JP&filter=salary:1'));
  assert.deepEqual(odd, { q: '', type: '', filters: ['country:JP'] });
});

test('facets shown are those with counts, and active filters keep their toggle', () => {
  const facets = { country: [{ value: 'JP', count: 3 }], theme: [], org_type: [] };
  assert.deepEqual(visibleFacets(facets, []), ['country']);
  assert.deepEqual(visibleFacets(facets, ['theme:ict']), ['country', 'theme']);
  assert.deepEqual(visibleFacets(undefined, []), []);
  assert.deepEqual(facetValues('country', facets.country, ['country:TH', 'theme:ict', 'country:JP']), [
    { value: 'JP', count: 3 },
    { value: 'TH', count: 0 },
  ]);
});

// ------------------------------------------------------------------ person ⇄ editor

test('a person body drops what the server adds and keeps everything else', () => {
  const body = personBody(samplePerson());
  for (const k of ['id', 'user_id', 'created_at', 'updated_at', 'version']) assert.ok(!(k in body), `${k} left in the body`);
  assert.deepEqual(body.future_field, ['kept']);
  assert.deepEqual(body.publications, samplePerson().publications);
  for (const a of body.affiliations as object[]) assert.ok(!('org_id' in a), 'org_id left in an affiliation');
  for (const e of body.japan_experience as object[]) assert.ok(!('host_org_id' in e), 'host_org_id left in an experience');
  const original = samplePerson();
  personBody(original);
  assert.equal(original.affiliations[0]!.org_id, 13, 'the person itself is not changed');
});

test('person → editor → body loses nothing', () => {
  const p = samplePerson();
  const body = formToPerson(personToForm(p), p);
  assert.deepEqual(body, personBody(p));
});

test('editing keeps the fields the editor does not show and drops blank rows', () => {
  const p = samplePerson();
  const s = personToForm(p);
  s.keywords += '\nocean acidification\n\n coral reefs ';
  s.nationality = ' vn ';
  s.residence_countries = 'vn, th;JP';
  s.emails = 'hoa@example.edu.vn\n';
  s.japan_experience.push(
    { kind: '', host_name: '', host_ror: '', start: '', end: '', funding: '' },
    { kind: 'postdoc', host_name: ' Kyoto University ', host_ror: '', start: '2020-04', end: '', funding: '' },
  );
  s.affiliations.splice(0, 1);
  s.other_names.push({ value: '', lang: '' });
  s.themes = s.themes.filter((t) => t !== 'green-innovation');
  const body = formToPerson(s, p);
  assert.deepEqual(body.keywords, ['coral reefs', 'aquaculture', 'ocean acidification']);
  assert.equal(body.nationality, 'VN');
  assert.deepEqual(body.residence_countries, ['VN', 'TH', 'JP']);
  assert.deepEqual(body.emails, ['hoa@example.edu.vn']);
  assert.deepEqual(body.themes, ['blue-economy'], 'a theme without a box is kept unless removed');
  assert.equal((body.japan_experience as unknown[]).length, 2, 'the blank row is dropped');
  assert.deepEqual((body.japan_experience as Record<string, string>[])[1], {
    kind: 'postdoc',
    host_ror: '',
    host_name: 'Kyoto University',
    start: '2020-04',
    end: '',
    funding: '',
  });
  assert.deepEqual(body.affiliations, [{ ror: '01dq60k83', name: 'Tohoku University', role: 'visiting researcher', start: '2014', end: '2019-03' }]);
  assert.equal((body.other_names as unknown[]).length, 2);
  assert.deepEqual(body.publications, p.publications, 'publications go back unchanged');
  assert.deepEqual(body.future_field, ['kept']);
  assert.ok(!('version' in body), 'the caller adds the version');
});

test('a new profile sends every field of a person and nothing of the server', () => {
  const s = emptyPersonForm();
  s.name = '山田 太郎';
  s.latin_name = 'Taro Yamada';
  const body = formToPerson(s, null);
  assert.deepEqual(Object.keys(body).sort(), [
    'affiliations', 'bio_en', 'bio_ja', 'career_stage', 'emails', 'fields', 'japan_experience', 'keywords',
    'latin_name', 'name', 'nationality', 'orcid', 'other_names', 'publications', 'residence_countries', 'themes',
  ]);
  assert.deepEqual(body.publications, []);
  assert.equal(body.name, '山田 太郎');
});

test('contact fields missing from a record are noticed', () => {
  const p = samplePerson();
  assert.equal(contactHidden(p), false);
  const { emails: _e, nationality: _n, residence_countries: _r, ...publicOnly } = p;
  assert.equal(contactHidden(publicOnly), true);
  assert.equal(contactHidden({ ...p, emails: undefined, ...{} } as Partial<Person>), false, 'present but empty is visible');
});

test('API error fields map to inputs and rows', () => {
  assert.deepEqual(errorTarget('orcid'), { field: 'orcid' });
  assert.deepEqual(errorTarget('nationality'), { field: 'nationality' });
  assert.deepEqual(errorTarget('affiliations[1].start'), { field: 'affiliations', row: { index: 1, key: 'start' } });
  assert.deepEqual(errorTarget('japan_experience[0].kind'), { field: 'japan_experience', row: { index: 0, key: 'kind' } });
  assert.deepEqual(errorTarget('japan_experience[2]'), { field: 'japan_experience', row: { index: 2, key: 'host_name' } });
  assert.deepEqual(errorTarget('other_names[0].lang'), { field: 'other_names', row: { index: 0, key: 'lang' } });
  assert.deepEqual(errorTarget('emails[2]'), { field: 'emails' }, 'a list edited as text goes to its input');
  assert.deepEqual(errorTarget('residence_countries[1]'), { field: 'residence_countries' });
  assert.deepEqual(errorTarget('names[1].lang'), { field: 'names', row: { index: 1, key: 'lang' } });
  for (const none of ['body', '', null, undefined, 'record 1 (api)', 'line 3, column orcid']) {
    assert.equal(errorTarget(none), null, `${String(none)} names no input`);
  }
});

test('the n-th item sent is the n-th row that was not blank', () => {
  const blank = { a: '', b: ' ' };
  assert.deepEqual(sentRowIndexes([blank, { a: 'x', b: '' }, blank, { a: '', b: 'y' }]), [1, 3]);
  assert.deepEqual(sentRowIndexes([]), []);
  assert.deepEqual(sentRowIndexes([{ value: '', kind: 'label' }, { value: 'x', kind: 'label' }], ['kind']), [1], 'a name row with only its kind is blank');
});

// ------------------------------------------------------------------ organisation ⇄ editor

test('organisation → editor → body loses nothing, and the display entry follows a rename', () => {
  const o = sampleOrg();
  const s = orgToForm(o);
  assert.equal(s.display_lang, 'en');
  assert.deepEqual(s.names.map((n) => n.value), ['จุฬาลงกรณ์มหาวิทยาลัย', 'CU'], 'the display entry is not a row');
  assert.deepEqual(formToOrg(s, o), orgBody(o));
  const body = orgBody(o);
  for (const k of ['id', 'source', 'created_at', 'updated_at', 'version']) assert.ok(!(k in body), `${k} left in the body`);
  assert.deepEqual(body.relations, o.relations);
  assert.equal(body.lat, 13.738);

  s.display_name = 'Chulalongkorn Univ.';
  s.established = '';
  s.country = 'th';
  s.names.push({ value: '', lang: '', kind: 'label' });
  const renamed = formToOrg(s, o);
  assert.deepEqual((renamed.names as { value: string }[]).map((n) => n.value), ['Chulalongkorn Univ.', 'จุฬาลงกรณ์มหาวิทยาลัย', 'CU']);
  assert.equal(renamed.established, null);
  assert.equal(renamed.country, 'TH');
  assert.deepEqual(renamed.external_ids, o.external_ids, 'ids the editor does not show go back');
  assert.equal(renamed.ror, null, 'an empty ROR id is sent as null');
});

test('errors on names[] are shifted past the display name the editor sends first', () => {
  assert.equal(orgNameErrorField('names[0].value'), 'display_name');
  assert.equal(orgNameErrorField('names[0].lang'), 'display_lang');
  assert.equal(orgNameErrorField('names[2].lang'), 'names[1].lang');
  assert.equal(orgNameErrorField('names[1]'), 'names[0].value');
  assert.equal(orgNameErrorField('country'), 'country');
});

test('years', () => {
  assert.equal(parseYear(' 1877 '), 1877);
  assert.equal(parseYear(''), null);
  assert.equal(parseYear('18th century'), 'invalid');
  assert.equal(parseYear('1877.5'), 'invalid');
});

// ------------------------------------------------------------------ regions, permissions, links

test('countries lie in the regions of src/core/regions.cc', () => {
  assert.equal(countryCount(), 250);
  assert.equal(regionOfCountry('JP'), 'east-asia');
  assert.equal(regionOfCountry('vn'), 'southeast-asia');
  assert.equal(regionOfCountry('EG'), 'middle-east-north-africa');
  assert.equal(regionOfCountry('XK'), 'europe');
  assert.equal(regionOfCountry('IN'), 'south-asia');
  assert.equal(regionOfCountry('US'), 'north-america');
  assert.equal(regionOfCountry('BR'), 'latin-america-caribbean');
  assert.equal(regionOfCountry('AQ'), 'antarctica');
  assert.equal(regionOfCountry('ZZ'), null);
  assert.equal(regionOfCountry(''), null);
});

test('who is offered which action', () => {
  const u = (id: number, ...roles: string[]) => ({ id, roles: roles.map((role) => ({ role })) });
  const mine = { user_id: 5 };
  assert.ok(mayOfferPersonEdit(u(5, 'applicant'), mine), 'one’s own profile');
  assert.ok(!mayOfferPersonEdit(u(6, 'applicant'), mine), 'someone else’s');
  assert.ok(!mayOfferPersonEdit(u(6, 'reviewer'), { user_id: null }));
  assert.ok(mayOfferPersonEdit(u(1, 'administrator'), mine));
  assert.ok(mayOfferPersonEdit(u(2, 'overseas_office'), mine));
  assert.ok(!mayOfferPersonEdit(u(5, 'analyst'), mine), 'a pure analyst never writes');
  assert.ok(!canNetwork(u(9, 'analyst'), 'profile.own'));
  assert.ok(canNetwork(u(9, 'analyst', 'reviewer'), 'profile.own'));
  assert.ok(canNetwork(u(9, 'applicant'), 'profile.own'));
  assert.ok(canNetwork(u(1, 'administrator'), 'organizations.write'));
  assert.ok(canNetwork(u(2, 'overseas_office'), 'organizations.write'));
  assert.ok(!canNetwork(u(3, 'programme_officer'), 'organizations.write'));
});

test('outbound links only for well-formed values and http(s)', () => {
  assert.equal(orcidUrl('0000-0002-1825-0097'), 'https://orcid.org/0000-0002-1825-0097');
  assert.equal(orcidUrl('0000-0002-1825'), null);
  assert.equal(doiUrl('10.1234/abc#1?x'), 'https://doi.org/10.1234/abc%231%3Fx');
  assert.equal(doiUrl('10.1234/has space'), null);
  assert.equal(doiUrl('doi:10.1234/x'), null);
  assert.equal(rorUrl('01dq60k83'), 'https://ror.org/01dq60k83');
  assert.equal(rorUrl('abc'), null);
  assert.equal(httpUrl('https://www.chula.ac.th'), 'https://www.chula.ac.th/');
  assert.equal(httpUrl('javascript:alert(1)'), null);
  assert.equal(httpUrl('notaurl'), null);
  assert.equal(httpUrl(''), null);
});

test('biographies come in the UI language first, empty ones left out', () => {
  const p = { bio_en: 'English', bio_ja: '日本語' };
  assert.deepEqual(bioOrder('ja', p).map((b) => b.lang), ['ja', 'en']);
  assert.deepEqual(bioOrder('en', p).map((b) => b.lang), ['en', 'ja']);
  assert.deepEqual(bioOrder('ja', { bio_en: 'English', bio_ja: '  ' }).map((b) => b.lang), ['en']);
});

test('lists typed one per line or as codes', () => {
  assert.deepEqual(splitLines(' coral reefs \r\n\naquaculture\ncoral reefs\n'), ['coral reefs', 'aquaculture']);
  assert.deepEqual(splitLines('a; b'), ['a; b'], 'semicolons stay inside a line');
  assert.deepEqual(splitTokens('vn, jp;th\nVN', { upper: true }), ['VN', 'JP', 'TH']);
  assert.deepEqual(splitTokens(' a@x.org  b@y.org '), ['a@x.org', 'b@y.org']);
});

test('every code the pages show has a label in both languages', () => {
  const lists: [string, readonly string[]][] = [
    ['jpexp', JP_KINDS],
    ['stage', CAREER_STAGES],
    ['theme', THEMES],
    ['orgtype', ORG_TYPES],
    ['orgstatus', ORG_STATUSES],
    ['namekind', NAME_KINDS],
    ['reltype', RELATION_TYPES],
    ['region', REGIONS],
    ['net.facet', FACETS],
  ];
  for (const [prefix, codes] of lists) {
    for (const code of codes) {
      assert.ok(`${prefix}.${code}` in en, `en lacks ${prefix}.${code}`);
      assert.ok(`${prefix}.${code}` in ja, `ja lacks ${prefix}.${code}`);
    }
  }
  assert.equal(ja['jpexp.degree_study' as keyof typeof ja], '学位取得のための留学');
});
