// The network module of the mock server (docs/network.md): organisations, people and
// search, exchange programmes, overseas offices and cooperation needs, duplicates and
// merges, the collaboration graph and the map — in memory, close enough to the real
// routes for the UI and its browser test. Like mock-server.mjs, it is not a reference
// for the API: docs/network.md is.

const REGION_COUNTRIES = {
  'east-asia': 'CN HK JP KP KR MN MO TW',
  'southeast-asia': 'BN ID KH LA MM MY PH SG TH TL VN',
  'south-asia': 'AF BD BT IN IO LK MV NP PK',
  'central-asia': 'KG KZ TJ TM UZ',
  'middle-east-north-africa': 'AE BH DZ EG EH IL IQ IR JO KW LB LY MA OM PS QA SA SY TN YE',
  'sub-saharan-africa':
    'AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TZ UG YT ZA ZM ZW',
  europe:
    'AD AL AM AT AX AZ BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GE GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TR UA VA XK',
  'north-america': 'BM CA GL PM US',
  'latin-america-caribbean':
    'AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GT GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI',
  oceania: 'AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS',
  antarctica: 'AQ BV GS TF',
};
const REGION_OF = new Map();
for (const [region, list] of Object.entries(REGION_COUNTRIES)) for (const c of list.split(' ')) REGION_OF.set(c, region);
const regionOf = (c) => REGION_OF.get(String(c ?? '').toUpperCase()) ?? '';

const THEMES = ['green-innovation', 'life-innovation', 'safety-security', 'basic-research', 'ict'];
const TRANSITIONS = {
  reinvitation: { nominated: ['accepted', 'declined', 'withdrawn'], accepted: ['visiting', 'withdrawn'], visiting: ['visited'], visited: ['reported'] },
  dispatch: { planned: ['ongoing', 'withdrawn'], ongoing: ['completed'], completed: ['reported'] },
  secondment: { planned: ['ongoing', 'withdrawn'], ongoing: ['completed'], completed: ['reported'] },
  alumni_association: { active: ['ended'] },
};
const FIRST = { reinvitation: 'nominated', dispatch: 'planned', secondment: 'planned', alumni_association: 'active' };
const ROLES = { alumni_association: ['member', 'officer'], reinvitation: ['invitee'], dispatch: ['dispatched'], secondment: ['seconded'] };
const PERSON_SCALARS = ['name', 'latin_name', 'orcid', 'nationality', 'career_stage', 'bio_en', 'bio_ja'];
const ORG_SCALARS = ['display_name', 'country', 'city', 'coordinates', 'status', 'established', 'region'];

export function createNetwork({ HttpError, invalid, send, page, now, users, appendAudit }) {
  let nextId = 1000;
  const newId = () => nextId++;
  const orgs = [];
  const people = [];
  const programmes = [];
  const participations = [];
  const needs = [];

  const has = (u, ...roles) => u.roles.some((r) => roles.includes(r.role));
  const officeRegions = (u) => u.roles.filter((r) => r.role === 'overseas_office' && r.scope_type === 'region').map((r) => r.scope_id);
  const covers = (u, countries) => officeRegions(u).some((reg) => countries.some((c) => regionOf(c) === reg));
  const deny = (what) => {
    throw new HttpError(403, 'permission_denied', `not allowed: ${what}`);
  };
  const notFound = (what) => new HttpError(404, 'not_found', `${what} not found`);
  const stale = (v) => new HttpError(409, 'failed_precondition', `the record was changed meanwhile (version ${v}); reload and try again`, 'version');
  const country = (v, field, required = true) => {
    const c = String(v ?? '').trim().toUpperCase();
    if (!c) {
      if (required) throw invalid(field, 'is required');
      return '';
    }
    if (!REGION_OF.has(c)) throw invalid(field, 'must be an ISO 3166-1 alpha-2 code');
    return c;
  };

  // ---------------------------------------------------------------- records
  function addOrg(o) {
    const rec = {
      id: newId(),
      ror: o.ror ?? null,
      display_name: o.display_name,
      names: o.names ?? [{ value: o.display_name, lang: 'en', kind: 'display' }],
      country: o.country,
      city: o.city ?? '',
      lat: o.lat ?? null,
      lng: o.lng ?? null,
      types: o.types ?? [],
      status: o.status ?? 'active',
      established: o.established ?? null,
      domains: o.domains ?? [],
      links: o.links ?? [],
      external_ids: o.external_ids ?? {},
      relations: o.relations ?? [],
      region: o.region ?? '',
      source: 'manual',
      merged_into: null,
      created_at: now(),
      updated_at: now(),
      version: 1,
    };
    orgs.push(rec);
    return rec;
  }
  function addPerson(p, userId = null) {
    const rec = {
      id: newId(),
      name: p.name,
      latin_name: p.latin_name ?? '',
      other_names: p.other_names ?? [],
      orcid: p.orcid ?? '',
      emails: p.emails ?? [],
      nationality: p.nationality ?? '',
      residence_countries: p.residence_countries ?? [],
      affiliations: p.affiliations ?? [],
      fields: p.fields ?? [],
      keywords: p.keywords ?? [],
      themes: p.themes ?? [],
      career_stage: p.career_stage ?? '',
      bio_en: p.bio_en ?? '',
      bio_ja: p.bio_ja ?? '',
      publications: p.publications ?? [],
      japan_experience: p.japan_experience ?? [],
      user_id: userId,
      merged_into: null,
      created_at: now(),
      updated_at: now(),
      version: 1,
    };
    people.push(rec);
    return rec;
  }
  const liveOrgs = () => orgs.filter((o) => !o.merged_into);
  const livePeople = () => people.filter((p) => !p.merged_into);
  const countriesOf = (p) => [...new Set([p.nationality, ...(p.residence_countries ?? [])].filter(Boolean))];
  const orgByName = (name) => liveOrgs().find((o) => o.display_name === name);

  // Contact fields only for those who may see them (docs/network.md).
  function personJson(p, me) {
    const out = { ...p };
    delete out.merged_into;
    out.affiliations = p.affiliations.map((a) => ({ ...a, org_id: orgByName(a.name)?.id ?? null }));
    out.japan_experience = p.japan_experience.map((e) => ({ ...e, host_org_id: orgByName(e.host_name)?.id ?? null }));
    const mayContact = (me && p.user_id === me.id) || has(me, 'administrator', 'programme_officer', 'compliance_officer') || covers(me, countriesOf(p));
    if (!mayContact) {
      delete out.emails;
      delete out.nationality;
      delete out.residence_countries;
    }
    return out;
  }
  const orgJson = (o) => {
    const out = { ...o };
    delete out.merged_into;
    return out;
  };

  // ---------------------------------------------------------------- seed (close to `asta demo`)
  const O = (display_name, local, lang, country, city, type, lat, lng) =>
    addOrg({ display_name, names: [{ value: display_name, lang: 'en', kind: 'display' }, ...(local ? [{ value: local, lang, kind: 'label' }] : [])], country, city, types: [type], lat, lng });
  O('The University of Tokyo', '東京大学', 'ja', 'JP', 'Tokyo', 'education', 35.713, 139.762);
  O('Kyoto University', '京都大学', 'ja', 'JP', 'Kyoto', 'education', 35.026, 135.781);
  O('Chulalongkorn University', 'จุฬาลงกรณ์มหาวิทยาลัย', 'th', 'TH', 'Bangkok', 'education', 13.738, 100.532);
  O('Mahidol University', 'มหาวิทยาลัยมหิดล', 'th', 'TH', 'Salaya', 'education', 13.794, 100.323);
  O('Vietnam National University, Hanoi', 'Đại học Quốc gia Hà Nội', 'vi', 'VN', 'Hanoi', 'education', 21.038, 105.782);
  O('Universitas Indonesia', null, 'id', 'ID', 'Depok', 'education', -6.362, 106.827);
  O('Cairo University', 'جامعة القاهرة', 'ar', 'EG', 'Giza', 'education', 30.027, 31.208);
  O('Karlsruhe Institute of Technology', 'Karlsruher Institut für Technologie', 'de', 'DE', 'Karlsruhe', 'education', 49.01, 8.412);
  // A second record of Chulalongkorn, entered under its Thai name: a duplicate.
  addOrg({ display_name: 'จุฬาลงกรณ์มหาวิทยาลัย', names: [{ value: 'จุฬาลงกรณ์มหาวิทยาลัย', lang: 'th', kind: 'display' }], country: 'TH', city: 'Bangkok', types: ['education'], domains: ['chula.ac.th'] });
  const sgOffice = addOrg({ display_name: 'JST Singapore Office', country: 'SG', city: 'Singapore', types: ['overseas_office'], region: 'southeast-asia', lat: 1.29, lng: 103.85 });
  addOrg({ display_name: 'JSPS Bonn Office', country: 'DE', city: 'Bonn', types: ['overseas_office'], region: 'europe', lat: 50.73, lng: 7.1 });

  const exp = (kind, host, start, end, funding) => ({ kind, host_ror: '', host_name: host, start, end, funding });
  const aff = (name, role, start) => ({ ror: '', name, role, start, end: '' });
  const P = (p, userEmail) => addPerson(p, userEmail ? (users.find((u) => u.email === userEmail)?.id ?? null) : null);
  const somchai = P({
    name: 'Somchai Srisuk', latin_name: 'Somchai Srisuk', emails: ['somchai@chula.example'], nationality: 'TH', residence_countries: ['TH'],
    affiliations: [aff('Chulalongkorn University', 'professor', '2012')], fields: ['renewable energy'], keywords: ['perovskite solar cells', 'energy storage'],
    themes: ['green-innovation'], career_stage: 'senior', bio_en: 'Works on low-cost solar cells and grid storage for tropical climates.',
    japan_experience: [exp('postdoc', 'Kyoto University', '2008-04', '2010-03', 'JSPS Postdoctoral Fellowship')],
    publications: [{ title: 'Stable perovskite cells in humid climates', abstract: '', doi: '10.5555/asta.2021.001', year: 2021, coauthors: ['Nguyen Van An', 'M. Weber'] }],
  }, 'reviewer@asta.example');
  P({
    name: 'สมชาย ศรีสุข', latin_name: 'Srisuk Somchai', emails: ['somchai@chula.example'], nationality: 'TH', residence_countries: ['TH'],
    affiliations: [aff('Chulalongkorn University', 'researcher', '2012')], fields: ['renewable energy'], keywords: ['energy storage'],
    themes: ['green-innovation'], bio_en: 'Solar energy researcher in Bangkok.', bio_ja: 'バンコクの太陽エネルギー研究者。',
  });
  const an = P({
    name: 'Nguyễn Văn An', latin_name: 'Nguyen Van An', emails: ['an@vnu.example'], nationality: 'VN', residence_countries: ['VN'],
    affiliations: [aff('Vietnam National University, Hanoi', 'researcher', '2015')], fields: ['renewable energy'], keywords: ['perovskite solar cells'],
    themes: ['green-innovation'], career_stage: 'early_career', bio_en: 'Studies perovskite solar cells.',
    japan_experience: [exp('degree_study', 'The University of Tokyo', '2010-04', '2015-03', 'MEXT Scholarship')],
    publications: [{ title: 'Stable perovskite cells in humid climates', abstract: '', doi: '10.5555/asta.2021.001', year: 2021, coauthors: ['Somchai Srisuk', 'M. Weber'] }],
  });
  P({
    name: 'Siti Rahmawati', latin_name: 'Siti Rahmawati', emails: ['siti@ui.example'], nationality: 'ID', residence_countries: ['ID'],
    affiliations: [aff('Universitas Indonesia', 'professor', '2010')], fields: ['infectious disease'], keywords: ['dengue', 'vaccine development'],
    themes: ['life-innovation'], career_stage: 'mid_career', bio_en: 'Develops vaccines and rapid tests for mosquito-borne diseases.',
    japan_experience: [exp('fellowship', 'Osaka University', '2012-04', '2013-03', 'JSPS Invitational Fellowship')],
  });
  P({
    name: 'أحمد حسن', latin_name: 'Ahmed Hassan', emails: ['ahmed@cu.example'], nationality: 'EG', residence_countries: ['EG'],
    affiliations: [aff('Cairo University', 'professor', '2009')], fields: ['water resources'], keywords: ['flood forecasting'], themes: ['green-innovation'],
    career_stage: 'senior', bio_en: 'Forecasts floods in large river basins.',
    japan_experience: [exp('visiting_research', 'Kyoto University', '2014-04', '2015-03', 'JSPS Invitational Fellowship')],
  });
  P({
    name: '山田 太郎', latin_name: 'Yamada Taro', emails: ['yamada@u-tokyo.example'], nationality: 'JP', residence_countries: ['JP'],
    affiliations: [aff('The University of Tokyo', 'professor', '2005')], fields: ['disaster prevention'], keywords: ['earthquake early warning', 'tsunami'],
    themes: ['safety-security'], career_stage: 'senior', bio_en: 'Studies earthquake early warning.', bio_ja: '地震早期警報を研究している。',
  });
  P({
    name: 'Lê Thị Mai', latin_name: 'Le Thi Mai', emails: ['mai@vnu.example'], nationality: 'VN', residence_countries: ['VN'],
    affiliations: [aff('Vietnam National University, Hanoi', 'researcher', '2018')], fields: ['food production'], keywords: ['rice breeding'],
    themes: ['green-innovation'], career_stage: 'early_career', bio_en: 'Breeds rice that tolerates salty fields.',
    japan_experience: [exp('training', 'Hokkaido University', '2016-04', '2017-03', 'JICA Training Programme')],
  });

  const assoc = { id: newId(), kind: 'alumni_association', name: 'Thailand Alumni Association of Japanese Universities', name_ja: '在タイ日本留学経験者同窓会', description: 'Alumni of study and research in Japan, in Thailand.', country: 'TH', org_id: null, themes: [], start: '1990', end: '', call_open: '', call_close: '', status: 'active', created_at: now(), updated_at: now(), version: 1 };
  programmes.push(assoc);
  participations.push({ id: newId(), programme_id: assoc.id, person_id: somchai.id, role: 'officer', org_id: null, start: '2015', end: '', status: 'active', note: '', report: '', nominated_by: null, created_at: now(), updated_at: now(), version: 1 });
  needs.push({ id: newId(), office_id: sgOffice.id, country: 'TH', partner_org_id: orgs[2].id, theme: 'green-innovation', title: 'Joint lab on tropical solar storage', body: 'Chulalongkorn asks for a partner in Japan.', status: 'open', reported_by: null, created_at: now(), updated_at: now(), version: 1 });
  void an;

  // ---------------------------------------------------------------- JSON of programmes and needs
  const orgName = (id) => (id ? (orgs.find((o) => o.id === id)?.display_name ?? null) : null);
  const progRegion = (p) => regionOf(p.country);
  const mayManage = (me, p) => has(me, 'administrator', 'programme_officer') || covers(me, [p.country]);
  function partJson(part, me) {
    const prog = programmes.find((p) => p.id === part.programme_id);
    const person = people.find((p) => p.id === part.person_id);
    const out = {
      ...part,
      person_name: person?.name ?? '',
      person_latin_name: person?.latin_name ?? '',
      org_name: orgName(part.org_id),
      next_statuses: TRANSITIONS[prog.kind]?.[part.status] ?? [],
    };
    if (!(mayManage(me, prog) || (person && person.user_id === me.id))) {
      delete out.note;
      delete out.report;
    }
    return out;
  }
  const progJson = (p) => ({
    ...p,
    region: progRegion(p),
    org_name: orgName(p.org_id),
    roles: ROLES[p.kind],
    participant_count: participations.filter((x) => x.programme_id === p.id).length,
  });
  const needJson = (n) => {
    const office = orgs.find((o) => o.id === n.office_id);
    return { ...n, office_name: office?.display_name ?? '', region: office?.region ?? '', partner_org_name: orgName(n.partner_org_id) };
  };
  const mayNeedsRead = (me) => has(me, 'administrator', 'analyst', 'programme_officer', 'overseas_office');
  const mayNeedsWrite = (me, region) => has(me, 'administrator') || officeRegions(me).includes(region);

  function readProgramme(body, update) {
    const allowed = ['kind', 'name', 'name_ja', 'description', 'country', 'org_id', 'themes', 'start', 'end', 'call_open', 'call_close', 'status', 'version'];
    for (const k of Object.keys(body ?? {})) if (!allowed.includes(k)) throw invalid(k, 'unknown field');
    const kind = String(body?.kind ?? '');
    if (!FIRST[kind]) throw invalid('kind', 'must be alumni_association, reinvitation, dispatch or secondment');
    const name = String(body?.name ?? '').trim();
    if (!name) throw invalid('name', 'is required');
    const org_id = body?.org_id ?? null;
    if (org_id !== null && !orgs.some((o) => o.id === org_id)) throw invalid('org_id', 'no such organisation');
    for (const [i, t] of (body?.themes ?? []).entries()) if (!THEMES.includes(t)) throw invalid(`themes[${i}]`, 'is not a theme');
    for (const f of ['call_open', 'call_close']) {
      if (body?.[f] && !/^\d{4}-\d{2}-\d{2}$/.test(body[f])) throw invalid(f, 'must be YYYY-MM-DD');
      if (body?.[f] && kind !== 'reinvitation') throw invalid(f, 'only re-invitations have a nomination window');
    }
    const status = body?.status || 'active';
    if (!['active', 'closed'].includes(status) || (!update && status !== 'active')) throw invalid('status', 'must be active or closed');
    return {
      kind, name, name_ja: String(body?.name_ja ?? ''), description: String(body?.description ?? ''), country: country(body?.country, 'country'),
      org_id, themes: body?.themes ?? [], start: String(body?.start ?? ''), end: String(body?.end ?? ''),
      call_open: String(body?.call_open ?? ''), call_close: String(body?.call_close ?? ''), status,
    };
  }

  // ---------------------------------------------------------------- duplicates
  const tokens = (s) => String(s ?? '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[\s,.]+/).filter(Boolean).sort().join(' ');
  function duplicates(type, me) {
    const admin = has(me, 'administrator');
    const inScope = (countries) => admin || covers(me, countries);
    const pairs = [];
    if (type === 'person') {
      const list = livePeople();
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const a = list[i];
          const b = list[j];
          const reasons = [];
          const sameName = tokens(a.latin_name || a.name) === tokens(b.latin_name || b.name);
          if (sameName) reasons.push('names alike (0.97)');
          if (a.emails.some((e) => b.emails.includes(e))) reasons.push('same e-mail address');
          if (!reasons.length) continue;
          if (countriesOf(a).some((c) => countriesOf(b).includes(c))) reasons.push('a country in common');
          if (!inScope(countriesOf(a)) || !inScope(countriesOf(b))) continue;
          const summary = (p) => ({ id: p.id, name: p.name, latin_name: p.latin_name, orcid: p.orcid || null, countries: countriesOf(p), version: p.version });
          pairs.push({ type, score: sameName ? 0.97 : 0.81, a: summary(a), b: summary(b), reasons });
        }
      }
    } else {
      const list = liveOrgs();
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const a = list[i];
          const b = list[j];
          if (a.country !== b.country || a.types.includes('overseas_office')) continue;
          const names = (o) => o.names.map((n) => n.value);
          if (!names(a).some((n) => names(b).includes(n))) continue;
          if (!inScope([a.country])) continue;
          const summary = (o) => ({ id: o.id, display_name: o.display_name, ror: o.ror, country: o.country, city: o.city, version: o.version });
          const reasons = ['names alike (0.95)', 'same country'];
          if (a.city && a.city === b.city) reasons.push('same city');
          pairs.push({ type, score: 0.95, a: summary(a), b: summary(b), reasons });
        }
      }
    }
    return pairs.sort((x, y) => y.score - x.score);
  }
  function compareJson(type, a, b, me) {
    const ja = type === 'person' ? personJson(a, me) : orgJson(a);
    const jb = type === 'person' ? personJson(b, me) : orgJson(b);
    if (type === 'organization') for (const j of [ja, jb]) j.coordinates = j.lat === null ? null : [j.lat, j.lng];
    const fields =
      type === 'person'
        ? [...PERSON_SCALARS, 'other_names', 'emails', 'residence_countries', 'fields', 'keywords', 'themes', 'affiliations', 'japan_experience', 'publications', 'user_id']
        : [...ORG_SCALARS, 'ror', 'names', 'types', 'domains', 'links', 'external_ids', 'relations'];
    return { type, a: ja, b: jb, fields: fields.map((f) => ({ field: f, a: ja[f] ?? null, b: jb[f] ?? null, same: JSON.stringify(ja[f] ?? null) === JSON.stringify(jb[f] ?? null) })) };
  }
  const empty = (v) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length);
  const unite = (x, y) => {
    const out = [...(x ?? [])];
    for (const v of y ?? []) if (!out.some((o) => JSON.stringify(o) === JSON.stringify(v))) out.push(v);
    return out;
  };
  function merge(type, into, from, body) {
    if (into.id === from.id) throw new HttpError(409, 'failed_precondition', 'a record cannot be merged into itself', 'from');
    if (body.version !== undefined && body.version !== into.version) throw stale(into.version);
    const scalars = type === 'person' ? PERSON_SCALARS : ORG_SCALARS;
    // Every name form of both records, before a preferred name replaces the target's.
    const forms = type === 'person' ? [into.name, into.latin_name, from.name, from.latin_name, ...from.other_names.map((n) => n.value)].filter(Boolean) : [];
    for (const [field, v] of Object.entries(body.prefer ?? {})) {
      if (!scalars.includes(field)) throw invalid(`prefer.${field}`, 'is not a field a merge chooses between');
      if (v !== 'into' && v !== 'from') throw invalid(`prefer.${field}`, 'must be "into" or "from"');
    }
    for (const f of scalars) {
      if (f === 'coordinates') {
        if ((into.lat === null || body.prefer?.coordinates === 'from') && from.lat !== null) Object.assign(into, { lat: from.lat, lng: from.lng });
        continue;
      }
      if (empty(into[f]) || (body.prefer?.[f] === 'from' && !empty(from[f]))) into[f] = from[f];
    }
    if (type === 'person') {
      for (const f of ['emails', 'residence_countries', 'fields', 'keywords', 'themes', 'affiliations', 'japan_experience', 'publications']) into[f] = unite(into[f], from[f]);
      const others = [...new Set(forms)].filter((n) => n !== into.name && n !== into.latin_name && !into.other_names.some((o) => o.value === n));
      into.other_names = [...into.other_names, ...others.map((value) => ({ value, lang: '' }))];
      for (const part of participations) if (part.person_id === from.id) part.person_id = into.id;
    } else {
      for (const f of ['types', 'domains', 'links', 'relations']) into[f] = unite(into[f], from[f]);
      into.names = unite(into.names, from.names.map((n) => ({ ...n, kind: n.kind === 'display' ? 'label' : n.kind })));
      into.external_ids = { ...from.external_ids, ...into.external_ids };
      for (const n of needs) if (n.partner_org_id === from.id) n.partner_org_id = into.id;
      for (const p of programmes) if (p.org_id === from.id) p.org_id = into.id;
    }
    from.merged_into = into.id;
    into.version += 1;
    into.updated_at = now();
  }

  // ---------------------------------------------------------------- graph and map
  function graph(person) {
    const nodeId = (p) => `person:${p.id}`;
    const nodes = new Map();
    const edges = new Map();
    const node = (p, center = false) => {
      if (!nodes.has(nodeId(p))) nodes.set(nodeId(p), { id: nodeId(p), person_id: p.id, name: p.name, latin_name: p.latin_name, country: p.nationality || p.residence_countries[0] || '', center, external: false });
    };
    const link = (a, b, kind, via) => {
      const key = [a, b].sort().join('|');
      const e = edges.get(key) ?? { source: a, target: b, kinds: [], weight: 0, via: [] };
      if (!e.kinds.includes(kind)) e.kinds.push(kind);
      e.weight += 1;
      if (via && !e.via.includes(via)) e.via.push(via);
      edges.set(key, e);
    };
    node(person, true);
    const neighbours = new Set();
    for (const pub of person.publications) {
      for (const other of livePeople()) {
        if (other.id === person.id) continue;
        if (pub.doi && other.publications.some((q) => q.doi === pub.doi)) {
          node(other);
          neighbours.add(other);
          link(nodeId(person), nodeId(other), 'coauthor', pub.title);
        }
      }
      for (const name of pub.coauthors ?? []) {
        const known = livePeople().some((o) => o.id !== person.id && (o.latin_name === name || o.name === name));
        if (known) continue;
        const id = `external:${name.toLowerCase()}`;
        if (!nodes.has(id)) nodes.set(id, { id, person_id: null, name, latin_name: name, country: '', center: false, external: true });
        link(nodeId(person), id, 'coauthor', pub.title);
      }
    }
    const mine = participations.filter((x) => x.person_id === person.id).map((x) => x.programme_id);
    for (const part of participations) {
      if (part.person_id === person.id || !mine.includes(part.programme_id)) continue;
      const other = people.find((p) => p.id === part.person_id);
      if (!other || other.merged_into) continue;
      node(other);
      neighbours.add(other);
      link(nodeId(person), nodeId(other), 'programme', programmes.find((p) => p.id === part.programme_id)?.name);
    }
    // Links among the neighbours.
    const list = [...neighbours];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const shared = list[i].publications.find((p) => p.doi && list[j].publications.some((q) => q.doi === p.doi));
        if (shared) link(nodeId(list[i]), nodeId(list[j]), 'coauthor', shared.title);
      }
    }
    return { nodes: [...nodes.values()], edges: [...edges.values()] };
  }
  function map(layer, region) {
    const inRegion = (c) => !region || regionOf(c) === region;
    const counts = new Map();
    const points = [];
    if (layer === 'alumni') {
      for (const p of livePeople()) {
        if (!p.japan_experience.length) continue;
        for (const c of countriesOf(p).slice(0, 1)) if (inRegion(c) && c !== 'JP') counts.set(c, (counts.get(c) ?? 0) + 1);
      }
    } else {
      const wantOffice = layer === 'offices';
      for (const o of liveOrgs()) {
        if (o.types.includes('overseas_office') !== wantOffice || (!wantOffice && o.country === 'JP') || !inRegion(o.country)) continue;
        const n = wantOffice ? 1 : livePeople().filter((p) => p.affiliations.some((a) => a.name === o.display_name)).length || 1;
        counts.set(o.country, (counts.get(o.country) ?? 0) + n);
        if (o.lat !== null) points.push({ org_id: o.id, name: o.display_name, country: o.country, lat: o.lat, lng: o.lng, count: n });
      }
    }
    return { layer, region, countries: [...counts].map(([c, count]) => ({ country: c, count })), points };
  }

  // ---------------------------------------------------------------- search
  function searchText(rec, type) {
    const parts = type === 'person'
      ? [rec.name, rec.latin_name, ...rec.other_names.map((n) => n.value), ...rec.fields, ...rec.keywords, ...rec.themes]
      : [rec.display_name, ...rec.names.map((n) => n.value), rec.city];
    return tokens(parts.join(' '));
  }
  function search(url) {
    const q = tokens(url.searchParams.get('q') ?? '').split(' ').filter(Boolean);
    const type = url.searchParams.get('type') ?? '';
    const filters = url.searchParams.getAll('filter');
    const limit = Number(url.searchParams.get('limit') ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('limit', 'must be 1..100');
    const all = [];
    if (type !== 'organization') for (const p of livePeople()) all.push({ type: 'person', rec: p, name: p.name, ror: null, facets: { country: countriesOf(p), region: countriesOf(p).map(regionOf), theme: p.themes, jp_experience: p.japan_experience.map((e) => e.kind), career_stage: p.career_stage ? [p.career_stage] : [] } });
    if (type !== 'person') for (const o of liveOrgs()) all.push({ type: 'organization', rec: o, name: o.display_name, ror: o.ror, facets: { country: [o.country], region: [regionOf(o.country)], org_type: o.types } });
    const matched = all.filter((d) => q.every((w) => searchText(d.rec, d.type).includes(w)));
    const byFacet = {};
    for (const f of filters) {
      const i = f.indexOf(':');
      if (i <= 0) throw invalid('filter', 'must be facet:value');
      (byFacet[f.slice(0, i)] ??= []).push(f.slice(i + 1));
    }
    const filtered = matched.filter((d) => Object.entries(byFacet).every(([facet, values]) => (d.facets[facet] ?? []).some((v) => values.includes(v))));
    const facets = {};
    for (const facet of url.searchParams.getAll('facet')) {
      const counts = new Map();
      for (const d of filtered) for (const v of new Set(d.facets[facet] ?? [])) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
      facets[facet] = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    }
    const offset = Number(url.searchParams.get('cursor') ? Buffer.from(url.searchParams.get('cursor'), 'base64url').toString() : 0);
    const slice = filtered.slice(offset, offset + limit);
    const next = offset + limit < filtered.length ? Buffer.from(String(offset + limit)).toString('base64url') : null;
    return { items: slice.map((d) => ({ id: d.rec.id, type: d.type, name: d.name, ror: d.ror, score: 1 })), facets, total: filtered.length, next_cursor: next };
  }

  const PERSON_KEYS = ['name', 'latin_name', 'other_names', 'orcid', 'emails', 'nationality', 'residence_countries', 'affiliations', 'fields', 'keywords', 'themes', 'career_stage', 'bio_en', 'bio_ja', 'publications', 'japan_experience'];
  function readPerson(body, { update }) {
    for (const k of Object.keys(body ?? {})) if (![...PERSON_KEYS, 'version', 'self'].includes(k)) throw invalid(k, 'unknown field');
    if (!String(body?.name ?? '').trim()) throw invalid('name', 'is required');
    const out = {};
    for (const k of PERSON_KEYS) {
      const v = body?.[k];
      if (update || v !== undefined) out[k] = v ?? (['name', 'latin_name', 'orcid', 'nationality', 'career_stage', 'bio_en', 'bio_ja'].includes(k) ? '' : []);
    }
    if (out.nationality) out.nationality = country(out.nationality, 'nationality');
    (out.residence_countries ?? []).forEach((c, i) => country(c, `residence_countries[${i}]`));
    (out.japan_experience ?? []).forEach((e, i) => {
      if (!e.kind) throw invalid(`japan_experience[${i}].kind`, 'is required');
    });
    return out;
  }
  const ORG_KEYS = ['display_name', 'names', 'country', 'city', 'lat', 'lng', 'types', 'status', 'established', 'domains', 'links', 'external_ids', 'relations', 'ror', 'region'];
  function readOrg(body) {
    for (const k of Object.keys(body ?? {})) if (![...ORG_KEYS, 'version'].includes(k)) throw invalid(k, 'unknown field');
    if (!String(body?.display_name ?? '').trim()) throw invalid('display_name', 'is required');
    const out = {};
    for (const k of ORG_KEYS) if (body?.[k] !== undefined) out[k] = body[k];
    out.country = country(body.country, 'country');
    return out;
  }
  const personWrite = (me, p) => has(me, 'administrator') || (p.user_id !== null && p.user_id === me.id) || covers(me, countriesOf(p));
  const orgWrite = (me, c) => has(me, 'administrator') || covers(me, [c]);

  // ---------------------------------------------------------------- routes
  return function network(req, res, url, path, method, body, me) {
    let m;
    const analystOnly = me.roles.length === 1 && has(me, 'analyst');
    if (path === '/search' && method === 'GET') return send(res, 200, search(url));

    // Organisations
    if (path === '/organizations' && method === 'GET') {
      const c = (url.searchParams.get('country') ?? '').toUpperCase();
      const t = url.searchParams.get('type') ?? '';
      return send(res, 200, page(liveOrgs().filter((o) => (!c || o.country === c) && (!t || o.types.includes(t))).map(orgJson), url));
    }
    if (path === '/organizations' && method === 'POST') {
      const rec = readOrg(body);
      if (!orgWrite(me, rec.country)) deny('organization.write');
      const o = addOrg(rec);
      appendAudit(me, 'organization.create', 'organization', o.id, null, o);
      return send(res, 201, orgJson(o));
    }
    if ((m = /^\/organizations\/(\d+)$/.exec(path))) {
      const o = orgs.find((x) => x.id === Number(m[1]) && !x.merged_into);
      if (!o) throw notFound('organisation');
      if (method === 'GET') return send(res, 200, orgJson(o));
      if (method === 'PUT') {
        if (!orgWrite(me, o.country)) deny('organization.write');
        const rec = readOrg(body);
        if (body.version !== o.version) throw stale(o.version);
        Object.assign(o, rec, { version: o.version + 1, updated_at: now() });
        return send(res, 200, orgJson(o));
      }
    }
    if ((m = /^\/organizations\/(\d+)\/merge$/.exec(path)) && method === 'POST') {
      const into = orgs.find((x) => x.id === Number(m[1]) && !x.merged_into);
      if (!into) throw notFound('organisation');
      const from = orgs.find((x) => x.id === body?.from && !x.merged_into);
      if (!from) throw invalid('from', 'no such organisation');
      if (!has(me, 'administrator') && !(covers(me, [into.country]) && covers(me, [from.country]))) deny('network.merge');
      merge('organization', into, from, body);
      appendAudit(me, 'organization.merge', 'organization', into.id, from, into);
      return send(res, 200, orgJson(into));
    }

    // People
    if (path === '/people' && method === 'GET') {
      const c = (url.searchParams.get('country') ?? '').toUpperCase();
      return send(res, 200, page(livePeople().filter((p) => !c || countriesOf(p).includes(c)).map((p) => personJson(p, me)), url));
    }
    if (path === '/people/me' && method === 'GET') {
      const p = livePeople().find((x) => x.user_id === me.id);
      if (!p) throw notFound('your profile');
      return send(res, 200, personJson(p, me));
    }
    if (path === '/people' && method === 'POST') {
      if (analystOnly) deny('person.write');
      const rec = readPerson(body, { update: false });
      const self = body?.self === true;
      if (self && livePeople().some((x) => x.user_id === me.id)) throw new HttpError(409, 'already_exists', 'you have a profile already', 'self');
      if (!self && !has(me, 'administrator') && !covers(me, countriesOf(rec))) deny('person.write');
      const p = addPerson(rec, self ? me.id : null);
      appendAudit(me, 'person.create', 'person', p.id, null, p);
      return send(res, 201, personJson(p, me));
    }
    if ((m = /^\/people\/(\d+)$/.exec(path))) {
      const p = people.find((x) => x.id === Number(m[1]) && !x.merged_into);
      if (!p) throw notFound('person');
      if (method === 'GET') return send(res, 200, personJson(p, me));
      if (method === 'PUT') {
        if (analystOnly || !personWrite(me, p)) deny('person.write');
        const rec = readPerson(body, { update: true });
        if (body.version !== p.version) throw stale(p.version);
        Object.assign(p, rec, { version: p.version + 1, updated_at: now() });
        appendAudit(me, 'person.update', 'person', p.id, null, p);
        return send(res, 200, personJson(p, me));
      }
    }
    if ((m = /^\/people\/(\d+)\/merge$/.exec(path)) && method === 'POST') {
      const into = people.find((x) => x.id === Number(m[1]) && !x.merged_into);
      if (!into) throw notFound('person');
      const from = people.find((x) => x.id === body?.from && !x.merged_into);
      if (!from) throw invalid('from', 'no such person');
      if (!has(me, 'administrator') && !(covers(me, countriesOf(into)) && covers(me, countriesOf(from)))) deny('network.merge');
      merge('person', into, from, body);
      appendAudit(me, 'person.merge', 'person', into.id, from, into);
      return send(res, 200, personJson(into, me));
    }
    if ((m = /^\/people\/(\d+)\/programmes$/.exec(path)) && method === 'GET') {
      const id = Number(m[1]);
      if (!people.some((p) => p.id === id)) throw notFound('person');
      const items = participations
        .filter((x) => x.person_id === id)
        .map((x) => {
          const prog = programmes.find((p) => p.id === x.programme_id);
          return { ...partJson(x, me), programme: { id: prog.id, kind: prog.kind, name: prog.name, country: prog.country } };
        });
      return send(res, 200, { items });
    }
    if ((m = /^\/people\/(\d+)\/graph$/.exec(path)) && method === 'GET') {
      const p = people.find((x) => x.id === Number(m[1]) && !x.merged_into);
      if (!p) throw notFound('person');
      return send(res, 200, graph(p));
    }

    // Exchange programmes
    if (path === '/exchange-programmes' && method === 'GET') {
      const kind = url.searchParams.get('kind') ?? '';
      const c = (url.searchParams.get('country') ?? '').toUpperCase();
      const region = url.searchParams.get('region') ?? '';
      return send(res, 200, page(programmes.filter((p) => (!kind || p.kind === kind) && (!c || p.country === c) && (!region || progRegion(p) === region)).map(progJson), url));
    }
    if (path === '/exchange-programmes' && method === 'POST') {
      if (!has(me, 'administrator', 'programme_officer', 'overseas_office')) deny('exchange.write');
      const input = readProgramme(body, false);
      if (!mayManage(me, input)) deny('exchange.write (region)');
      const p = { id: newId(), ...input, created_at: now(), updated_at: now(), version: 1 };
      programmes.push(p);
      appendAudit(me, 'exchange_programme.create', 'exchange_programme', p.id, null, p);
      return send(res, 201, progJson(p));
    }
    if ((m = /^\/exchange-programmes\/(\d+)$/.exec(path))) {
      const p = programmes.find((x) => x.id === Number(m[1]));
      if (!p) throw notFound('programme');
      if (method === 'GET') {
        return send(res, 200, {
          ...progJson(p),
          participants: participations.filter((x) => x.programme_id === p.id).map((x) => partJson(x, me)),
          may_manage: mayManage(me, p),
        });
      }
      if (method === 'PUT') {
        if (!mayManage(me, p)) deny('exchange.write');
        const input = readProgramme(body, true);
        if (input.kind !== p.kind) throw invalid('kind', 'the kind of a programme does not change');
        if (body.version !== p.version) throw stale(p.version);
        Object.assign(p, input, { version: p.version + 1, updated_at: now() });
        return send(res, 200, progJson(p));
      }
    }
    if ((m = /^\/exchange-programmes\/(\d+)\/participants$/.exec(path)) && method === 'POST') {
      const p = programmes.find((x) => x.id === Number(m[1]));
      if (!p) throw notFound('programme');
      if (!mayManage(me, p)) deny('exchange.write');
      for (const k of Object.keys(body ?? {})) if (!['person_id', 'role', 'org_id', 'start', 'end', 'note'].includes(k)) throw invalid(k, 'unknown field');
      const person = people.find((x) => x.id === body?.person_id && !x.merged_into);
      if (!person) throw invalid('person_id', 'no such person');
      if (p.status === 'closed') throw new HttpError(409, 'failed_precondition', 'the programme is closed', 'status');
      if (participations.some((x) => x.programme_id === p.id && x.person_id === person.id)) throw new HttpError(409, 'already_exists', 'this person takes part already', 'person_id');
      const today = new Date().toISOString().slice(0, 10);
      if (p.kind === 'reinvitation' && ((p.call_open && today < p.call_open) || (p.call_close && today > p.call_close))) {
        throw new HttpError(409, 'failed_precondition', 'outside the nomination window', 'call_close');
      }
      const role = body.role || ROLES[p.kind][0];
      if (!ROLES[p.kind].includes(role)) throw invalid('role', `must be one of ${ROLES[p.kind].join(', ')}`);
      const part = { id: newId(), programme_id: p.id, person_id: person.id, role, org_id: body.org_id ?? null, start: body.start ?? '', end: body.end ?? '', status: FIRST[p.kind], note: body.note ?? '', report: '', nominated_by: me.id, created_at: now(), updated_at: now(), version: 1 };
      participations.push(part);
      return send(res, 201, partJson(part, me));
    }
    if ((m = /^\/exchange-programmes\/(\d+)\/participants\/(\d+)$/.exec(path)) && method === 'PUT') {
      const p = programmes.find((x) => x.id === Number(m[1]));
      const part = participations.find((x) => x.id === Number(m[2]) && x.programme_id === Number(m[1]));
      if (!p || !part) throw notFound('participation');
      if (!mayManage(me, p)) deny('exchange.write');
      for (const k of Object.keys(body ?? {})) if (!['status', 'role', 'org_id', 'start', 'end', 'note', 'report', 'version'].includes(k)) throw invalid(k, 'unknown field');
      if (body.version !== undefined && body.version !== part.version) throw stale(part.version);
      const report = body.report ?? part.report;
      if (body.status && body.status !== part.status) {
        if (!(TRANSITIONS[p.kind][part.status] ?? []).includes(body.status)) throw new HttpError(409, 'failed_precondition', `${part.status} cannot become ${body.status}`, 'status');
        if (body.status === 'reported' && !String(report ?? '').trim()) throw invalid('report', 'a report is needed to mark it reported');
        part.status = body.status;
      }
      for (const k of ['role', 'org_id', 'start', 'end', 'note']) if (body[k] !== undefined) part[k] = body[k];
      part.report = report;
      part.version += 1;
      part.updated_at = now();
      return send(res, 200, partJson(part, me));
    }

    // Offices and needs
    const offices = () => liveOrgs().filter((o) => o.types.includes('overseas_office') && o.region);
    const alumniOf = (region) => livePeople().filter((p) => countriesOf(p).some((c) => regionOf(c) === region));
    const partnersOf = (region) => liveOrgs().filter((o) => !o.types.includes('overseas_office') && regionOf(o.country) === region);
    if (path === '/offices' && method === 'GET') {
      return send(res, 200, {
        items: offices().map((o) => ({ office: orgJson(o), alumni_count: alumniOf(o.region).length, partner_count: partnersOf(o.region).length, open_needs: needs.filter((n) => n.office_id === o.id && n.status === 'open').length })),
      });
    }
    if ((m = /^\/offices\/(\d+)$/.exec(path)) && method === 'GET') {
      const o = offices().find((x) => x.id === Number(m[1]));
      if (!o) throw notFound('office');
      const alumni = alumniOf(o.region);
      const partners = partnersOf(o.region);
      const out = {
        office: orgJson(o),
        region: o.region,
        countries: REGION_COUNTRIES[o.region].split(' '),
        alumni_count: alumni.length,
        alumni: alumni.slice(0, 50).map((p) => ({ id: p.id, name: p.name, latin_name: p.latin_name, countries: countriesOf(p) })),
        partner_count: partners.length,
        partners: partners.slice(0, 50).map((x) => ({ id: x.id, display_name: x.display_name, country: x.country, city: x.city, types: x.types, people: 0 })),
        programmes: programmes.filter((p) => progRegion(p) === o.region).slice(0, 50).map(progJson),
        may_report: mayNeedsWrite(me, o.region),
      };
      if (mayNeedsRead(me)) out.needs = needs.filter((n) => n.office_id === o.id).slice(-50).reverse().map(needJson);
      return send(res, 200, out);
    }
    if (path === '/cooperation-needs' && method === 'GET') {
      if (!mayNeedsRead(me)) deny('needs.read');
      const q = Object.fromEntries(['region', 'theme', 'status', 'office_id'].map((k) => [k, url.searchParams.get(k) ?? '']));
      const list = needs.map(needJson).filter((n) => (!q.region || n.region === q.region) && (!q.theme || n.theme === q.theme) && (!q.status || n.status === q.status) && (!q.office_id || n.office_id === Number(q.office_id)));
      return send(res, 200, page(list, url, 'id', true));
    }
    if (path === '/cooperation-needs/summary' && method === 'GET') {
      if (!mayNeedsRead(me)) deny('needs.read');
      const region = url.searchParams.get('region') ?? '';
      const counts = new Map();
      for (const n of needs.map(needJson)) {
        if (region && n.region !== region) continue;
        const key = `${n.theme}|${n.status}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return send(res, 200, { items: [...counts].map(([k, count]) => ({ theme: k.split('|')[0], status: k.split('|')[1], count })) });
    }
    const readNeed = (b) => {
      for (const k of Object.keys(b ?? {})) if (!['office_id', 'country', 'partner_org_id', 'theme', 'title', 'body', 'status', 'version'].includes(k)) throw invalid(k, 'unknown field');
      const office = offices().find((o) => o.id === b?.office_id);
      if (!office) throw invalid('office_id', 'no such office');
      const c = country(b.country, 'country');
      if (regionOf(c) !== office.region) throw invalid('country', 'is not in the office’s region');
      if (!THEMES.includes(b.theme)) throw invalid('theme', 'must be one of the five themes');
      if (!String(b.title ?? '').trim()) throw invalid('title', 'is required');
      if (b.status && !['open', 'addressed', 'closed'].includes(b.status)) throw invalid('status', 'must be open, addressed or closed');
      return { office, input: { office_id: office.id, country: c, partner_org_id: b.partner_org_id ?? null, theme: b.theme, title: String(b.title).trim(), body: b.body ?? '', status: b.status || 'open' } };
    };
    if (path === '/cooperation-needs' && method === 'POST') {
      const { office, input } = readNeed(body);
      if (!mayNeedsWrite(me, office.region)) deny('needs.write');
      const n = { id: newId(), ...input, status: 'open', reported_by: me.id, created_at: now(), updated_at: now(), version: 1 };
      needs.push(n);
      return send(res, 201, needJson(n));
    }
    if ((m = /^\/cooperation-needs\/(\d+)$/.exec(path)) && method === 'PUT') {
      const n = needs.find((x) => x.id === Number(m[1]));
      if (!n) throw notFound('need');
      const { office, input } = readNeed(body);
      if (!mayNeedsWrite(me, office.region)) deny('needs.write');
      if (body.version !== n.version) throw stale(n.version);
      Object.assign(n, input, { version: n.version + 1, updated_at: now() });
      return send(res, 200, needJson(n));
    }

    // Duplicates
    const mayMerge = has(me, 'administrator', 'overseas_office');
    if (path === '/duplicates' && method === 'GET') {
      if (!mayMerge) deny('network.merge');
      const type = url.searchParams.get('type') ?? 'person';
      if (!['person', 'organization'].includes(type)) throw invalid('type', 'must be person or organization');
      return send(res, 200, { items: duplicates(type, me).slice(0, Number(url.searchParams.get('limit') ?? 50)) });
    }
    if (path === '/duplicates/compare' && method === 'GET') {
      if (!mayMerge) deny('network.merge');
      const type = url.searchParams.get('type') ?? 'person';
      const list = type === 'person' ? people : orgs;
      const a = list.find((x) => x.id === Number(url.searchParams.get('a')) && !x.merged_into);
      const b = list.find((x) => x.id === Number(url.searchParams.get('b')) && !x.merged_into);
      if (!a) throw invalid('a', 'no such record');
      if (!b) throw invalid('b', 'no such record');
      return send(res, 200, compareJson(type, a, b, me));
    }

    // Map
    if (path === '/network/map' && method === 'GET') {
      const layer = url.searchParams.get('layer') ?? 'alumni';
      if (!['alumni', 'partners', 'offices'].includes(layer)) throw invalid('layer', 'must be alumni, partners or offices');
      const region = url.searchParams.get('region') ?? '';
      if (region && !REGION_COUNTRIES[region]) throw invalid('region', 'is not a region');
      return send(res, 200, map(layer, region));
    }
    return null;
  };
}
