// Exchange programmes, overseas offices and duplicates: the pure logic behind their
// pages — the forward-only status table, the call window, the editors' bodies, the needs
// summary as a theme × status table, and the comparison and merge request of duplicates.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  ALL_PARTICIPATION_STATUSES,
  FIRST_STATUS,
  PROGRAMME_KINDS,
  ROLES_BY_KIND,
  callState,
  countByStatus,
  formToProgramme,
  isFinalStatus,
  nextStatuses,
  offeredStatuses,
  parseProgrammeFilters,
  participantBody,
  programmeFiltersQuery,
  programmeToForm,
  statusesOf,
  transitionBody,
  transitionProblem,
  type Programme,
} from '../src/network/programmes.js';
import { NEED_STATUSES, needFiltersQuery, needStatusBody, needsMatrix, newNeedBody, parseNeedFilters, type Need } from '../src/network/offices.js';
import {
  REASON_CODES,
  compareHref,
  defaultChoices,
  diffRows,
  differing,
  mergeRequest,
  mergedValue,
  preferBody,
  reasonParts,
  recordName,
  sameValue,
  valueLines,
  type CompareResponse,
} from '../src/network/duplicates.js';
import { THEMES, canNetwork, mayActInRegion, officeRegions } from '../src/network/logic.js';
import { en } from '../src/i18n/messages.js';

// ------------------------------------------------------------------ programmes

test('each kind starts where docs/network.md says and reaches its statuses in order', () => {
  assert.equal(FIRST_STATUS.reinvitation, 'nominated');
  assert.equal(FIRST_STATUS.dispatch, 'planned');
  assert.equal(FIRST_STATUS.secondment, 'planned');
  assert.equal(FIRST_STATUS.alumni_association, 'active');
  assert.deepEqual(statusesOf('reinvitation'), ['nominated', 'accepted', 'declined', 'withdrawn', 'visiting', 'visited', 'reported']);
  assert.deepEqual(statusesOf('dispatch'), ['planned', 'ongoing', 'withdrawn', 'completed', 'reported']);
  assert.deepEqual(statusesOf('alumni_association'), ['active', 'ended']);
  assert.deepEqual(statusesOf('spaceship'), []);
});

test('only the documented transitions are offered, forward only', () => {
  assert.deepEqual(nextStatuses('reinvitation', 'nominated'), ['accepted', 'declined', 'withdrawn']);
  assert.deepEqual(nextStatuses('reinvitation', 'accepted'), ['visiting', 'withdrawn']);
  assert.deepEqual(nextStatuses('reinvitation', 'visiting'), ['visited']);
  assert.deepEqual(nextStatuses('reinvitation', 'visited'), ['reported']);
  assert.deepEqual(nextStatuses('secondment', 'planned'), ['ongoing', 'withdrawn']);
  assert.deepEqual(nextStatuses('dispatch', 'ongoing'), ['completed']);
  assert.deepEqual(nextStatuses('dispatch', 'completed'), ['reported']);
  assert.deepEqual(nextStatuses('alumni_association', 'active'), ['ended']);
  // Backwards, skipping ahead, another kind's status, final statuses: nothing.
  assert.deepEqual(nextStatuses('reinvitation', 'reported'), []);
  assert.deepEqual(nextStatuses('dispatch', 'nominated'), []);
  assert.equal(transitionProblem('reinvitation', 'nominated', 'visited', ''), 'not_allowed');
  assert.equal(transitionProblem('reinvitation', 'visiting', 'accepted', ''), 'not_allowed');
  assert.equal(transitionProblem('dispatch', 'planned', 'completed', ''), 'not_allowed');
  assert.equal(transitionProblem('reinvitation', 'nominated', 'accepted', ''), null);
  for (const kind of PROGRAMME_KINDS) {
    for (const s of statusesOf(kind)) {
      for (const n of nextStatuses(kind, s)) {
        assert.ok(statusesOf(kind).indexOf(n) > statusesOf(kind).indexOf(s), `${kind}: ${s} → ${n} goes backwards`);
        assert.ok(!nextStatuses(kind, n).includes(s), `${kind}: ${n} leads back to ${s}`);
      }
    }
  }
  assert.ok(isFinalStatus('reinvitation', 'declined'));
  assert.ok(isFinalStatus('dispatch', 'reported'));
  assert.ok(!isFinalStatus('dispatch', 'ongoing'));
  assert.ok(ALL_PARTICIPATION_STATUSES.includes('ended') && ALL_PARTICIPATION_STATUSES.includes('nominated'));
});

test('the server’s own list of next statuses wins over the table when sent', () => {
  assert.deepEqual(offeredStatuses('reinvitation', { status: 'nominated' }), ['accepted', 'declined', 'withdrawn']);
  assert.deepEqual(offeredStatuses('reinvitation', { status: 'nominated', next_statuses: ['accepted'] }), ['accepted']);
  assert.equal(transitionProblem('reinvitation', 'nominated', 'declined', '', ['accepted']), 'not_allowed');
  assert.equal(transitionProblem('reinvitation', 'nominated', 'accepted', '', ['accepted']), null);
});

test('reported requires a non-empty report, sent with the version', () => {
  assert.equal(transitionProblem('reinvitation', 'visited', 'reported', '   '), 'report_required');
  assert.equal(transitionProblem('dispatch', 'completed', 'reported', 'Joint paper submitted.'), null);
  assert.deepEqual(transitionBody({ version: 4 }, 'reported', '  Joint paper.  '), { status: 'reported', version: 4, report: 'Joint paper.' });
  assert.deepEqual(transitionBody({ version: 2 }, 'accepted', ''), { status: 'accepted', version: 2 });
});

test('roles per kind; a participant gets the kind’s only role by default', () => {
  assert.deepEqual(ROLES_BY_KIND.alumni_association, ['member', 'officer']);
  assert.deepEqual(participantBody('reinvitation', { person_id: 7, role: '', start: '', end: '', note: '' }), { person_id: 7, role: 'invitee' });
  assert.deepEqual(participantBody('alumni_association', { person_id: 7, role: '', start: ' 2024 ', end: '', note: ' hi ' }), { person_id: 7, start: '2024', note: 'hi' });
  assert.deepEqual(participantBody('alumni_association', { person_id: 7, role: 'officer', start: '', end: '', note: '' }), { person_id: 7, role: 'officer' });
});

test('the call window: re-invitations take nominations only between call_open and call_close', () => {
  const p = { kind: 'reinvitation', call_open: '2026-04-01', call_close: '2026-06-30', status: 'active' };
  assert.equal(callState(p, '2026-03-31'), 'not_yet');
  assert.equal(callState(p, '2026-04-01'), 'open');
  assert.equal(callState(p, '2026-06-30'), 'open');
  assert.equal(callState(p, '2026-07-01'), 'over');
  assert.equal(callState({ ...p, call_close: '' }, '2030-01-01'), 'open');
  assert.equal(callState({ ...p, kind: 'dispatch' }, '2030-01-01'), 'open');
  assert.equal(callState({ ...p, status: 'closed' }, '2026-05-01'), 'closed');
});

test('the list filters survive the address and drop what is not a filter', () => {
  const f = parseProgrammeFilters(new URLSearchParams('kind=dispatch&country=th&region=southeast-asia&x=1'));
  assert.deepEqual(f, { kind: 'dispatch', country: 'TH', region: 'southeast-asia' });
  assert.equal(programmeFiltersQuery(f), 'kind=dispatch&country=TH&region=southeast-asia');
  assert.deepEqual(parseProgrammeFilters(new URLSearchParams('kind=party')), { kind: '', country: '', region: '' });
  assert.equal(programmeFiltersQuery({ kind: '', country: ' ', region: '' }), '');
});

test('the programme editor: new programmes omit version and status; an edit sends them and clears the organisation', () => {
  const created = formToProgramme(
    { kind: 'dispatch', name: ' Dispatch to Thailand ', name_ja: '', description: 'a\r\nb ', country: 'th', org_id: '12', themes: ['ict'], start: '2026', end: '', call_open: '2026-01-01', call_close: '', status: 'active' },
    null,
  );
  assert.deepEqual(created, { kind: 'dispatch', name: 'Dispatch to Thailand', name_ja: '', description: 'a\nb', country: 'TH', themes: ['ict'], start: '2026', end: '', org_id: 12 });
  const original = { id: 5, kind: 'reinvitation', name: 'Re-invite', name_ja: '再招へい', description: '', country: 'VN', region: 'southeast-asia', org_id: 3, org_name: 'JST', themes: [], start: '', end: '', call_open: '2026-04-01', call_close: '2026-06-30', status: 'active', participant_count: 0, created_at: '', updated_at: '', version: 9 } as Programme;
  const form = programmeToForm(original);
  assert.equal(form.org_id, '3');
  const edited = formToProgramme({ ...form, org_id: '', status: 'closed' }, original);
  assert.equal(edited.org_id, null);
  assert.equal(edited.version, 9);
  assert.equal(edited.status, 'closed');
  assert.equal(edited.call_open, '2026-04-01');
  assert.equal(edited.call_close, '2026-06-30');
});

test('participants counted by status in the kind’s order', () => {
  const ps = [{ status: 'visited' }, { status: 'nominated' }, { status: 'visited' }, { status: 'mystery' }];
  assert.deepEqual(countByStatus('reinvitation', ps), [
    { status: 'nominated', count: 1 },
    { status: 'visited', count: 2 },
    { status: 'mystery', count: 1 },
  ]);
});

test('every kind, role and status has a label in the catalogue', () => {
  for (const k of PROGRAMME_KINDS) {
    assert.ok(`progkind.${k}` in en, `no label for kind ${k}`);
    for (const r of ROLES_BY_KIND[k]) assert.ok(`progrole.${r}` in en, `no label for role ${r}`);
  }
  for (const s of ALL_PARTICIPATION_STATUSES) assert.ok(`partstatus.${s}` in en, `no label for status ${s}`);
  for (const s of NEED_STATUSES) assert.ok(`needstatus.${s}` in en, `no label for need status ${s}`);
  for (const r of REASON_CODES) assert.ok(`dupreason.${r}` in en, `no label for duplicate reason ${r}`);
});

// ------------------------------------------------------------------ permissions

test('who is offered programmes, needs and merges', () => {
  const role = (r: string, scope_type = 'global', scope_id = '') => ({ role: r, scope_type, scope_id });
  const office = { roles: [role('overseas_office', 'region', 'southeast-asia')] };
  const officer = { roles: [role('programme_officer', 'agency', '1')] };
  const analyst = { roles: [role('analyst')] };
  const admin = { roles: [role('administrator')] };
  const applicant = { roles: [role('applicant', 'self')] };
  assert.ok(canNetwork(officer, 'exchange.write') && canNetwork(office, 'exchange.write') && canNetwork(admin, 'exchange.write'));
  assert.ok(!canNetwork(analyst, 'exchange.write') && !canNetwork(applicant, 'exchange.write'));
  assert.ok(canNetwork(analyst, 'needs.read') && canNetwork(officer, 'needs.read'));
  assert.ok(!canNetwork(applicant, 'needs.read'));
  assert.ok(!canNetwork(officer, 'needs.write') && canNetwork(office, 'needs.write'));
  assert.ok(canNetwork(office, 'network.merge') && canNetwork(admin, 'network.merge'));
  assert.ok(!canNetwork(officer, 'network.merge') && !canNetwork(analyst, 'network.merge'));
  assert.deepEqual(officeRegions(office), ['southeast-asia']);
  assert.ok(mayActInRegion(office, 'southeast-asia'));
  assert.ok(!mayActInRegion(office, 'europe'));
  assert.ok(!mayActInRegion(officer, 'europe'));
  assert.ok(mayActInRegion(officer, 'europe', ['programme_officer']));
  assert.ok(mayActInRegion(admin, null));
});

// ------------------------------------------------------------------ needs

test('the needs summary is a theme × status table with every theme, totals both ways', () => {
  const m = needsMatrix([
    { theme: 'ict', status: 'open', count: 2 },
    { theme: 'ict', status: 'closed', count: 1 },
    { theme: 'green-innovation', status: 'open', count: 3 },
    { theme: 'ict', status: 'open', count: 1 },
    { theme: 'space', status: 'paused', count: 4 },
  ]);
  assert.deepEqual(m.themes, [...THEMES, 'space']);
  assert.deepEqual(m.statuses, ['open', 'addressed', 'closed', 'paused']);
  assert.equal(m.cells.ict!.open, 3);
  assert.equal(m.cells.ict!.addressed, 0);
  assert.equal(m.cells['life-innovation']!.open, 0);
  assert.equal(m.themeTotals.ict, 4);
  assert.equal(m.statusTotals.open, 6);
  assert.equal(m.statusTotals.paused, 4);
  assert.equal(m.total, 11);
  assert.equal(needsMatrix([]).total, 0);
  assert.equal(needsMatrix([]).themes.length, 5);
});

test('needs filters, the new need body and the status change body', () => {
  const f = parseNeedFilters(new URLSearchParams('theme=ict&status=bogus&office_id=12&region=europe'));
  assert.deepEqual(f, { region: 'europe', theme: 'ict', status: '', office_id: '12' });
  assert.equal(needFiltersQuery(f), 'region=europe&theme=ict&office_id=12');
  assert.deepEqual(newNeedBody(4, { country: 'th', partner_org_id: '', theme: 'ict', title: ' Edge AI lab ', body: '' }), { office_id: 4, country: 'TH', theme: 'ict', title: 'Edge AI lab' });
  assert.deepEqual(newNeedBody(4, { country: 'TH', partner_org_id: '9', theme: 'ict', title: 'x', body: 'a\r\nb' }).partner_org_id, 9);
  const need: Need = { id: 1, office_id: 4, office_name: 'o', region: 'southeast-asia', country: 'TH', partner_org_id: 9, partner_org_name: 'p', theme: 'ict', title: 't', body: 'b', status: 'open', reported_by: 2, created_at: '', updated_at: '', version: 3 };
  assert.deepEqual(needStatusBody(need, 'addressed'), { office_id: 4, country: 'TH', theme: 'ict', title: 't', body: 'b', status: 'addressed', version: 3, partner_org_id: 9 });
  assert.equal('partner_org_id' in needStatusBody({ ...need, partner_org_id: null }, 'closed'), false);
});

// ------------------------------------------------------------------ duplicates

function comparison(): CompareResponse {
  return {
    a: { id: 10, version: 3, name: '山田 太郎', latin_name: 'Yamada Taro', bio_en: 'Seismology.', emails: ['t@a.jp'] },
    b: { id: 11, version: 1, name: 'Taro Yamada', latin_name: 'Yamada Taro', bio_en: 'Earthquakes.', emails: ['t@b.jp'], orcid: '0000-0002-1825-0097' },
    fields: [
      { field: 'id', a: 10, b: 11, same: false },
      { field: 'name', a: '山田 太郎', b: 'Taro Yamada', same: false },
      { field: 'latin_name', a: 'Yamada Taro', b: 'Yamada Taro', same: true },
      { field: 'bio_en', a: 'Seismology.', b: 'Earthquakes.', same: false },
      { field: 'orcid', a: '', b: '0000-0002-1825-0097', same: false },
      { field: 'emails', a: ['t@a.jp'], b: ['t@b.jp'], same: false },
      { field: 'version', a: 3, b: 1, same: false },
    ],
  };
}

test('the comparison: bookkeeping left out, differing scalars to choose, lists united, lone values filled', () => {
  const rows = diffRows(comparison());
  assert.deepEqual(rows.map((r) => [r.field, r.action]), [
    ['name', 'choose'],
    ['latin_name', 'same'],
    ['bio_en', 'choose'],
    ['orcid', 'fill'],
    ['emails', 'unite'],
  ]);
  assert.deepEqual(differing(rows).map((r) => r.field), ['name', 'bio_en', 'orcid', 'emails']);
  // `same` worked out when the API leaves it out; key order does not matter.
  const worked = diffRows({ fields: [{ field: 'external_ids', a: { grid: '1', isni: '2' }, b: { isni: '2', grid: '1' } } as never] });
  assert.equal(worked[0]!.action, 'same');
  assert.ok(sameValue([], null) && sameValue('', undefined) && !sameValue('a', 'b'));
});

test('with the type known, only the merge’s scalars are chosen; other values stay or unite', () => {
  const org: CompareResponse = {
    type: 'organization',
    a: { id: 1, version: 2 },
    b: { id: 2, version: 5 },
    fields: [
      { field: 'display_name', a: 'Kyoto University', b: '京都大学', same: false },
      { field: 'coordinates', a: [35.0, 135.7], b: [35.1, 135.8], same: false },
      { field: 'ror', a: '00p4k0j84', b: '02kpeqv85', same: false },
      { field: 'city', a: '', b: 'Kyoto', same: false },
      { field: 'domains', a: ['kyoto-u.ac.jp'], b: [], same: false },
    ],
  };
  const rows = diffRows(org);
  assert.deepEqual(rows.map((r) => [r.field, r.action]), [
    ['display_name', 'choose'],
    ['coordinates', 'choose'],
    ['ror', 'keep'],
    ['city', 'fill'],
    ['domains', 'unite'],
  ]);
  // Keeping B and choosing A's coordinates: prefer names coordinates, never ror.
  assert.deepEqual(preferBody(rows, 'b', { display_name: 'b', coordinates: 'a', ror: 'a' }), { coordinates: 'from' });
  assert.equal(mergedValue(rows[2]!, 'b', {}), '02kpeqv85');
  assert.deepEqual(mergedValue(rows[1]!, 'b', { coordinates: 'a' }), [35.0, 135.7]);
});

test('prefer names only the fields taken from the other record; the merge goes to the target', () => {
  const c = comparison();
  const rows = diffRows(c);
  const choices: Record<string, 'a' | 'b'> = defaultChoices(rows, 'a');
  assert.deepEqual(choices, { name: 'a', bio_en: 'a' });
  assert.deepEqual(preferBody(rows, 'a', choices), {});
  choices.bio_en = 'b';
  assert.deepEqual(preferBody(rows, 'a', Object.assign({ orcid: 'b', emails: 'b' } as Record<string, 'a' | 'b'>, choices)), { bio_en: 'from' });
  assert.deepEqual(mergeRequest('person', c, 'a', { bio_en: 'from' }), { path: '/people/10/merge', body: { from: 11, version: 3, prefer: { bio_en: 'from' } } });
  // Keeping B: the prefer flips meaning — choosing A's value is "from".
  assert.deepEqual(preferBody(rows, 'b', { name: 'b', bio_en: 'a' }), { bio_en: 'from' });
  assert.deepEqual(mergeRequest('organization', c, 'b', {}), { path: '/organizations/11/merge', body: { from: 10, version: 1 } });
});

test('the merged preview unites lists, fills what the target lacks and follows the choices', () => {
  const rows = diffRows(comparison());
  const get = (f: string) => rows.find((r) => r.field === f)!;
  assert.deepEqual(mergedValue(get('emails'), 'a', {}), ['t@a.jp', 't@b.jp']);
  assert.equal(mergedValue(get('orcid'), 'a', {}), '0000-0002-1825-0097');
  assert.equal(mergedValue(get('bio_en'), 'a', { bio_en: 'a' }), 'Seismology.');
  assert.equal(mergedValue(get('bio_en'), 'a', { bio_en: 'b' }), 'Earthquakes.');
  assert.equal(mergedValue(get('name'), 'b', {}), 'Taro Yamada');
  assert.deepEqual(mergedValue({ field: 'x', a: [{ k: 1 }], b: [{ k: 1 }, { k: 2 }], same: false, action: 'unite' }, 'a', {}), [{ k: 1 }, { k: 2 }]);
});

test('names, links, reasons and values as text', () => {
  assert.equal(recordName({ id: 3, display_name: 'Kyoto University' }), 'Kyoto University');
  assert.equal(recordName({ id: 3, name: ' ' }), '#3');
  assert.equal(compareHref('person', 1, 2), '/network/duplicates/compare?type=person&a=1&b=2');
  assert.deepEqual(reasonParts('same_email'), { code: 'same_email', text: '' });
  assert.deepEqual(reasonParts('Same e-mail t@a.jp'), { code: '', text: 'Same e-mail t@a.jp' });
  assert.deepEqual(reasonParts('names alike (0.93)'), { code: 'names_alike', text: '0.93' });
  assert.deepEqual(reasonParts('same e-mail address'), { code: 'same_email', text: '' });
  assert.deepEqual(reasonParts('no country in common'), { code: 'no_shared_country', text: '' });
  assert.deepEqual(reasonParts({ code: 'same_country', detail: 'JP' }), { code: 'same_country', text: 'JP' });
  // As the server sends them: a known code shows its label, not its English text again.
  assert.deepEqual(reasonParts({ code: 'same_email', text: 'same e-mail address' }), { code: 'same_email', text: '' });
  assert.deepEqual(reasonParts({ code: 'names_alike', text: 'names alike', detail: '0.97' }), { code: 'names_alike', text: '0.97' });
  assert.deepEqual(reasonParts({ code: 'new_evidence', text: 'a new kind of evidence' }), { code: 'new_evidence', text: 'a new kind of evidence' });
  assert.deepEqual(valueLines(['a', 'b']), ['a', 'b']);
  assert.deepEqual(valueLines([{ name: 'Kyoto University', role: '', start: '2010' }]), ['name: Kyoto University · start: 2010']);
  assert.deepEqual(valueLines(''), []);
  assert.deepEqual(valueLines(1877), ['1877']);
});
