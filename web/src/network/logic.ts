// Pure logic of the network pages, without the DOM, so node's test runner checks it:
// search state ⇄ page address ⇄ API query, facet filters that toggle, a person's or an
// organisation's JSON ⇄ the editor's state without losing fields (PUT replaces the whole
// record, docs/network.md), the API's error fields ("affiliations[1].start") ⇄ the
// editor's inputs, who is offered which action (the server still decides), regions of
// countries (mirroring src/core/regions.cc) and safe outbound links.

// ------------------------------------------------------------------ API shapes

export interface PersonName {
  value: string;
  lang: string;
}

export interface Affiliation {
  ror: string;
  name: string;
  role: string;
  start: string;
  end: string;
  org_id?: number | null; // added by the server when asta knows the organisation
}

export interface JapanExperience {
  kind: string;
  host_ror: string;
  host_name: string;
  start: string;
  end: string;
  funding: string;
  host_org_id?: number | null; // added by the server
}

export interface Publication {
  title: string;
  abstract: string;
  doi: string;
  year: number | null;
  coauthors: string[];
}

// A person as GET /people/{id} returns it. emails, nationality and residence_countries
// are present only when the caller may see them.
export interface Person {
  id: number;
  name: string;
  latin_name: string;
  other_names: PersonName[];
  orcid: string;
  emails?: string[];
  nationality?: string;
  residence_countries?: string[];
  affiliations: Affiliation[];
  fields: string[];
  keywords: string[];
  themes: string[];
  bio_en: string;
  bio_ja: string;
  career_stage: string;
  publications: Publication[];
  japan_experience: JapanExperience[];
  user_id: number | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface OrgName {
  value: string;
  lang: string;
  kind: string;
}

export interface OrgRelation {
  type: string;
  ror: string;
  label: string;
}

export interface Organization {
  id: number;
  ror: string | null;
  display_name: string;
  names: OrgName[];
  country: string;
  city: string;
  lat: number | null;
  lng: number | null;
  types: string[];
  status: string;
  established: number | null;
  domains: string[];
  links: string[];
  external_ids: Record<string, string>;
  relations: OrgRelation[];
  region: string;
  source: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SearchItem {
  id: number;
  type: 'person' | 'organization' | string;
  name: string;
  ror: string | null;
  score: number;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResponse {
  items: SearchItem[];
  facets: Record<string, FacetCount[]>;
  total: number;
  next_cursor: string | null;
}

// ------------------------------------------------------------------ codes

export const FACETS = ['country', 'region', 'theme', 'org_type', 'jp_experience', 'career_stage'] as const;
export type Facet = (typeof FACETS)[number];

export const JP_KINDS = ['degree_study', 'postdoc', 'fellowship', 'visiting_research', 'training'] as const;
export const CAREER_STAGES = ['student', 'early_career', 'mid_career', 'senior'] as const;
// The strategy's themes (docs: DESIGN.md), as the demo and imports write them.
export const THEMES = ['green-innovation', 'life-innovation', 'safety-security', 'basic-research', 'ict'] as const;
export const ORG_TYPES = [
  'education',
  'funder',
  'government',
  'healthcare',
  'company',
  'nonprofit',
  'facility',
  'archive',
  'other',
  'ministry',
  'institute',
  'funding_agency',
  'international',
  'overseas_office',
] as const;
export const ORG_STATUSES = ['active', 'inactive', 'withdrawn'] as const;
export const NAME_KINDS = ['label', 'alias', 'acronym', 'display'] as const;
export const RELATION_TYPES = ['parent', 'child', 'related', 'predecessor', 'successor'] as const;

export function isFacet(name: string): name is Facet {
  return (FACETS as readonly string[]).includes(name);
}

// ------------------------------------------------------------------ regions

export const REGIONS = [
  'east-asia',
  'southeast-asia',
  'south-asia',
  'central-asia',
  'middle-east-north-africa',
  'sub-saharan-africa',
  'europe',
  'north-america',
  'latin-america-caribbean',
  'oceania',
  'antarctica',
] as const;
export type Region = (typeof REGIONS)[number];

// Every ISO 3166-1 alpha-2 code (and XK) by region, as src/core/regions.cc assigns them.
const COUNTRIES_BY_REGION: Record<Region, string> = {
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

const REGION_OF = new Map<string, Region>();
for (const region of REGIONS) {
  for (const code of COUNTRIES_BY_REGION[region].split(' ')) REGION_OF.set(code, region);
}

// The countries of a region (alpha-2, XK included), or [] for an unknown region.
export function countriesOfRegion(region: string | null | undefined): string[] {
  return (REGIONS as readonly string[]).includes(region ?? '') ? COUNTRIES_BY_REGION[region as Region].split(' ') : [];
}

// Every country code asta knows (ISO 3166-1 alpha-2 and XK).
export function allCountries(): string[] {
  return [...REGION_OF.keys()];
}

// The region of a country code, or null for a code asta does not know.
export function regionOfCountry(country: string | null | undefined): Region | null {
  return REGION_OF.get((country ?? '').trim().toUpperCase()) ?? null;
}

export function countryCount(): number {
  return REGION_OF.size;
}

// ------------------------------------------------------------------ search

export type SearchType = '' | 'person' | 'organization';

export interface SearchState {
  q: string;
  type: SearchType;
  filters: string[]; // "facet:value", in the order chosen
}

export const SEARCH_PAGE_SIZE = 20;

export function filterKey(facet: string, value: string): string {
  return `${facet}:${value}`;
}

// "country:JP" → {facet, value}; the value may itself hold colons. Null when malformed.
export function splitFilter(filter: string): { facet: Facet; value: string } | null {
  const colon = filter.indexOf(':');
  if (colon <= 0) return null;
  const facet = filter.slice(0, colon);
  const value = filter.slice(colon + 1);
  if (!isFacet(facet) || !value) return null;
  return { facet, value };
}

export function isFilterActive(filters: readonly string[], facet: string, value: string): boolean {
  return filters.includes(filterKey(facet, value));
}

// Adds the filter when absent, removes it when present; the others keep their order.
export function toggleFilter(filters: readonly string[], facet: string, value: string): string[] {
  const key = filterKey(facet, value);
  return filters.includes(key) ? filters.filter((f) => f !== key) : [...filters, key];
}

// The search state in the page's address (/network?q=…&type=…&filter=…), read back
// leniently: an unknown type or a malformed filter is dropped, duplicates kept once.
export function parseSearchState(query: URLSearchParams): SearchState {
  const type = query.get('type') ?? '';
  const filters: string[] = [];
  for (const f of query.getAll('filter')) {
    if (splitFilter(f) && !filters.includes(f)) filters.push(f);
  }
  return {
    q: query.get('q') ?? '',
    type: type === 'person' || type === 'organization' ? type : '',
    filters,
  };
}

// The query string for the page's address; '' for the empty state.
export function searchStateQuery(state: SearchState): string {
  const p = new URLSearchParams();
  if (state.q.trim()) p.set('q', state.q.trim());
  if (state.type) p.set('type', state.type);
  for (const f of state.filters) p.append('filter', f);
  return p.toString();
}

// GET /search for a state: every facet counted, filters repeated (OR within a facet, AND
// across), the page size, and the cursor of the next page when there is one.
export function searchApiPath(state: SearchState, cursor: string | null = null, limit = SEARCH_PAGE_SIZE): string {
  const p = new URLSearchParams();
  if (state.q.trim()) p.set('q', state.q.trim());
  if (state.type) p.set('type', state.type);
  for (const facet of FACETS) p.append('facet', facet);
  for (const f of state.filters) p.append('filter', f);
  p.set('limit', String(limit));
  if (cursor) p.set('cursor', cursor);
  return `/search?${p.toString()}`;
}

// The facets worth showing: those with at least one value, in FACETS order, and any
// facet holding an active filter even when its counts came back empty (so the filter can
// still be seen and removed there).
export function visibleFacets(facets: Record<string, FacetCount[]> | undefined, filters: readonly string[]): Facet[] {
  const active = new Set(filters.map((f) => splitFilter(f)?.facet).filter(Boolean));
  return FACETS.filter((f) => (facets?.[f]?.length ?? 0) > 0 || active.has(f));
}

// A facet's values to list: the counted ones, then active filter values the counts lack
// (count 0), so every active filter has its toggle.
export function facetValues(facet: Facet, counts: FacetCount[] | undefined, filters: readonly string[]): FacetCount[] {
  const out = [...(counts ?? [])];
  for (const f of filters) {
    const s = splitFilter(f);
    if (s && s.facet === facet && !out.some((c) => c.value === s.value)) out.push({ value: s.value, count: 0 });
  }
  return out;
}

// ------------------------------------------------------------------ permissions

export interface Viewer {
  id: number;
  roles: { role: string }[];
}

export type NetworkPermission =
  | 'profile.own'
  | 'organizations.write'
  | 'exchange.write'
  | 'needs.read'
  | 'needs.write'
  | 'network.merge';

const has = (user: { roles: { role: string }[] }, role: string) => user.roles.some((g) => g.role === role);
const analystOnly = (user: { roles: { role: string }[] }) => has(user, 'analyst') && user.roles.length === 1;

// Mirrors the route-level checks of src/modules/api/authz.cc; the server decides per
// object (an office only within its region) and answers 403 otherwise.
export function canNetwork(user: { roles: { role: string }[] }, permission: NetworkPermission): boolean {
  switch (permission) {
    case 'profile.own':
      return !analystOnly(user);
    case 'organizations.write':
    case 'needs.write':
    case 'network.merge':
      return has(user, 'administrator') || has(user, 'overseas_office');
    case 'exchange.write':
      return has(user, 'administrator') || has(user, 'overseas_office') || has(user, 'programme_officer');
    case 'needs.read':
      return ['administrator', 'analyst', 'programme_officer', 'overseas_office'].some((r) => has(user, r));
  }
  return false;
}

// The regions whose office the user staffs (grants of role overseas_office, scope region).
export function officeRegions(user: { roles: { role: string; scope_type?: string; scope_id?: string }[] }): string[] {
  const out: string[] = [];
  for (const g of user.roles) {
    if (g.role === 'overseas_office' && g.scope_type === 'region' && g.scope_id && !out.includes(g.scope_id)) out.push(g.scope_id);
  }
  return out;
}

// Whether to offer a region-scoped write (programmes, needs, merges) on an object in
// `region`: administrators everywhere, an office in its own region, and the roles in
// `alsoGlobal` (programme officers for programmes) everywhere. The server decides.
export function mayActInRegion(
  user: { roles: { role: string; scope_type?: string; scope_id?: string }[] },
  region: string | null | undefined,
  alsoGlobal: readonly string[] = [],
): boolean {
  if (has(user, 'administrator') || alsoGlobal.some((r) => has(user, r))) return true;
  return Boolean(region) && officeRegions(user).includes(region!);
}

// Whether to offer "Edit" on a person: their own profile, administrators, overseas
// offices. Pure analysts never write.
export function mayOfferPersonEdit(user: Viewer, person: { user_id: number | null }): boolean {
  if (analystOnly(user)) return false;
  return person.user_id === user.id || has(user, 'administrator') || has(user, 'overseas_office');
}

// ------------------------------------------------------------------ links

// Outbound links only for values that look like what they claim to be, and only http(s):
// links are free text in the data and must never become javascript: URLs.
export function orcidUrl(orcid: string | null | undefined): string | null {
  return orcid && /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(orcid) ? `https://orcid.org/${orcid}` : null;
}

export function doiUrl(doi: string | null | undefined): string | null {
  if (!doi || !/^10\.\d{4,9}\/\S+$/.test(doi)) return null;
  return `https://doi.org/${doi.split('/').map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join('/')}`;
}

export function rorUrl(ror: string | null | undefined): string | null {
  return ror && /^0[a-z0-9]{6}\d{2}$/.test(ror) ? `https://ror.org/${ror}` : null;
}

export function httpUrl(link: string | null | undefined): string | null {
  if (!link) return null;
  try {
    const url = new URL(link.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------ text

// Both biographies, the one in the UI's language first; empty ones left out.
export function bioOrder(lang: string, person: { bio_en: string; bio_ja: string }): { lang: 'en' | 'ja'; text: string }[] {
  const all: { lang: 'en' | 'ja'; text: string }[] = [
    { lang: 'en', text: person.bio_en ?? '' },
    { lang: 'ja', text: person.bio_ja ?? '' },
  ];
  if (lang === 'ja') all.reverse();
  return all.filter((b) => b.text.trim() !== '');
}

// One item per line; blank lines dropped; each trimmed; repeated items kept once.
export function splitLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r\n|\n|\r/)) {
    const v = line.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

// Codes or addresses separated by spaces, commas, semicolons or lines.
export function splitTokens(text: string, options: { upper?: boolean } = {}): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[\s,;、；]+/)) {
    const v = options.upper ? raw.trim().toUpperCase() : raw.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

export function joinLines(items: readonly string[] | null | undefined): string {
  return (items ?? []).join('\n');
}

// "2014-10 – 2019-03"; an empty end is shown by the caller as "present".
export function hasPeriod(item: { start: string; end: string }): boolean {
  return Boolean(item.start || item.end);
}

// ------------------------------------------------------------------ person ⇄ editor

export interface OtherNameRow {
  value: string;
  lang: string;
}
export interface AffiliationRow {
  name: string;
  ror: string;
  role: string;
  start: string;
  end: string;
}
export interface ExperienceRow {
  kind: string;
  host_name: string;
  host_ror: string;
  start: string;
  end: string;
  funding: string;
}

// What the profile editor holds: text as typed, lists one item per line.
export interface PersonFormState {
  name: string;
  latin_name: string;
  other_names: OtherNameRow[];
  orcid: string;
  emails: string;
  nationality: string;
  residence_countries: string;
  fields: string;
  keywords: string;
  themes: string[];
  career_stage: string;
  bio_en: string;
  bio_ja: string;
  affiliations: AffiliationRow[];
  japan_experience: ExperienceRow[];
}

// Keys the server adds to a person that its reader does not take back (it rejects
// unknown keys): sending them in a PUT would be refused.
const PERSON_SERVER_KEYS = ['id', 'user_id', 'created_at', 'updated_at', 'version', 'person_id', 'self'];

export type PersonBody = Record<string, unknown>;

// A person as a request body: every key of the record the server sent, minus the keys
// it adds (id, user_id, times, version, org_id / host_org_id in the lists).
export function personBody(person: Partial<Person> | Record<string, unknown> | null): PersonBody {
  const out: PersonBody = {};
  for (const [k, v] of Object.entries(person ?? {})) {
    if (PERSON_SERVER_KEYS.includes(k)) continue;
    out[k] = structuredCloneJson(v);
  }
  if (Array.isArray(out.affiliations)) {
    out.affiliations = (out.affiliations as Record<string, unknown>[]).map(({ org_id: _o, ...rest }) => rest);
  }
  if (Array.isArray(out.japan_experience)) {
    out.japan_experience = (out.japan_experience as Record<string, unknown>[]).map(({ host_org_id: _h, ...rest }) => rest);
  }
  return out;
}

function structuredCloneJson<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

// Whether the contact fields were left out (the caller may not see them). An editor
// must not save such a record: PUT would clear what it cannot see.
export function contactHidden(person: Partial<Person>): boolean {
  return !('emails' in person) || !('nationality' in person) || !('residence_countries' in person);
}

export function emptyPersonForm(): PersonFormState {
  return {
    name: '',
    latin_name: '',
    other_names: [],
    orcid: '',
    emails: '',
    nationality: '',
    residence_countries: '',
    fields: '',
    keywords: '',
    themes: [],
    career_stage: '',
    bio_en: '',
    bio_ja: '',
    affiliations: [],
    japan_experience: [],
  };
}

export function personToForm(p: Partial<Person>): PersonFormState {
  return {
    name: p.name ?? '',
    latin_name: p.latin_name ?? '',
    other_names: (p.other_names ?? []).map((n) => ({ value: n.value ?? '', lang: n.lang ?? '' })),
    orcid: p.orcid ?? '',
    emails: joinLines(p.emails),
    nationality: p.nationality ?? '',
    residence_countries: (p.residence_countries ?? []).join(' '),
    fields: joinLines(p.fields),
    keywords: joinLines(p.keywords),
    themes: [...(p.themes ?? [])],
    career_stage: p.career_stage ?? '',
    bio_en: p.bio_en ?? '',
    bio_ja: p.bio_ja ?? '',
    affiliations: (p.affiliations ?? []).map((a) => ({
      name: a.name ?? '',
      ror: a.ror ?? '',
      role: a.role ?? '',
      start: a.start ?? '',
      end: a.end ?? '',
    })),
    japan_experience: (p.japan_experience ?? []).map((e) => ({
      kind: e.kind ?? '',
      host_name: e.host_name ?? '',
      host_ror: e.host_ror ?? '',
      start: e.start ?? '',
      end: e.end ?? '',
      funding: e.funding ?? '',
    })),
  };
}

// A row is blank when every input but those in `ignore` (selects that always hold a
// value, such as a name's kind) is empty.
const blankRow = (row: object, ignore: readonly string[] = []) =>
  Object.entries(row).every(([k, v]) => ignore.includes(k) || String(v ?? '').trim() === '');

// A row left wholly empty is dropped; the others are sent, blanks included, so that the
// server names what is missing ("japan_experience[0].kind").
function rows<T extends object>(list: T[], ignore: readonly string[] = []): T[] {
  return list
    .filter((r) => !blankRow(r, ignore))
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v ?? '').trim()])) as T);
}

// The indexes of the rows that formToPerson sends, for mapping an error on the n-th sent
// item back to its row on screen ("japan_experience[0]" may be the second row shown
// when the first is blank).
export function sentRowIndexes(list: object[], ignore: readonly string[] = []): number[] {
  return list.map((r, i) => (blankRow(r, ignore) ? -1 : i)).filter((i) => i >= 0);
}

// The inputs of an organisation's name row that do not make it count as filled.
export const ORG_NAME_ROW_IGNORE = ['kind'] as const;

// The request body for the editor's state: the record it loaded (`original`, or nothing
// for a new profile) with every edited field replaced, so that fields the editor does
// not show (publications, keys a newer server adds) go back unchanged.
export function formToPerson(state: PersonFormState, original: Partial<Person> | null): PersonBody {
  const body = personBody(original);
  const bio = (s: string) => s.replace(/\r\n?/g, '\n').trim();
  body.name = state.name.trim();
  body.latin_name = state.latin_name.trim();
  body.other_names = rows(state.other_names).map((n) => ({ value: n.value, lang: n.lang.toLowerCase() }));
  body.orcid = state.orcid.trim();
  body.emails = splitTokens(state.emails);
  body.nationality = state.nationality.trim().toUpperCase();
  body.residence_countries = splitTokens(state.residence_countries, { upper: true });
  body.fields = splitLines(state.fields);
  body.keywords = splitLines(state.keywords);
  body.themes = [...state.themes];
  body.career_stage = state.career_stage;
  body.bio_en = bio(state.bio_en);
  body.bio_ja = bio(state.bio_ja);
  body.affiliations = rows(state.affiliations).map((a) => ({ ror: a.ror, name: a.name, role: a.role, start: a.start, end: a.end }));
  body.japan_experience = rows(state.japan_experience).map((e) => ({
    kind: e.kind,
    host_ror: e.host_ror,
    host_name: e.host_name,
    start: e.start,
    end: e.end,
    funding: e.funding,
  }));
  if (!Array.isArray(body.publications)) body.publications = [];
  return body;
}

// ------------------------------------------------------------------ organisation ⇄ editor

export interface OrgNameRow {
  value: string;
  lang: string;
  kind: string;
}

export interface OrgFormState {
  display_name: string;
  display_lang: string; // the language of the display name's entry in `names`
  names: OrgNameRow[]; // every other name
  ror: string;
  country: string;
  city: string;
  types: string[];
  status: string;
  established: string;
  links: string;
  domains: string;
}

const ORG_SERVER_KEYS = ['id', 'source', 'created_at', 'updated_at', 'version'];

export type OrgBody = Record<string, unknown>;

export function orgBody(org: Partial<Organization> | Record<string, unknown> | null): OrgBody {
  const out: OrgBody = {};
  for (const [k, v] of Object.entries(org ?? {})) {
    if (!ORG_SERVER_KEYS.includes(k)) out[k] = structuredCloneJson(v);
  }
  return out;
}

export function emptyOrgForm(): OrgFormState {
  return {
    display_name: '',
    display_lang: '',
    names: [],
    ror: '',
    country: '',
    city: '',
    types: [],
    status: 'active',
    established: '',
    links: '',
    domains: '',
  };
}

// The display name's own entry in `names` is folded into display_name (and its
// language), so that renaming the organisation renames that entry too.
export function orgToForm(o: Partial<Organization>): OrgFormState {
  const names = o.names ?? [];
  const display = names.findIndex((n) => n.kind === 'display' && n.value === o.display_name);
  return {
    display_name: o.display_name ?? '',
    display_lang: display >= 0 ? (names[display]!.lang ?? '') : '',
    names: names.filter((_, i) => i !== display).map((n) => ({ value: n.value ?? '', lang: n.lang ?? '', kind: n.kind ?? 'label' })),
    ror: o.ror ?? '',
    country: o.country ?? '',
    city: o.city ?? '',
    types: [...(o.types ?? [])],
    status: o.status || 'active',
    established: o.established === null || o.established === undefined ? '' : String(o.established),
    links: joinLines(o.links),
    domains: joinLines(o.domains),
  };
}

// "1877" → 1877, "" → null; anything else is not a year.
export function parseYear(text: string): number | null | 'invalid' {
  const v = text.trim();
  if (!v) return null;
  return /^-?\d{1,4}$/.test(v) ? Number(v) : 'invalid';
}

// The request body for the organisation editor: the record it loaded with every edited
// field replaced; coordinates, external ids, relations and the region served go back
// as they were. `established` must have passed parseYear.
export function formToOrg(state: OrgFormState, original: Partial<Organization> | null): OrgBody {
  const body = orgBody(original);
  const display = state.display_name.trim();
  const year = parseYear(state.established);
  body.display_name = display;
  body.names = [
    { value: display, lang: state.display_lang.trim().toLowerCase(), kind: 'display' },
    ...rows(state.names, ORG_NAME_ROW_IGNORE).map((n) => ({ value: n.value, lang: n.lang.toLowerCase(), kind: n.kind || 'label' })),
  ];
  body.ror = state.ror.trim() || null;
  body.country = state.country.trim().toUpperCase();
  body.city = state.city.trim();
  body.types = [...state.types];
  body.status = state.status || 'active';
  body.established = year === 'invalid' ? state.established.trim() : year;
  body.links = splitLines(state.links);
  body.domains = splitLines(state.domains);
  return body;
}

// ------------------------------------------------------------------ error fields

export interface ErrorTarget {
  field: string; // the input, or the list of rows
  row?: { index: number; key: string }; // the item (0-based, as sent) and its key
}

// The lists edited as rows, with the input an error about a whole item goes to.
const ROW_LISTS: Record<string, string> = {
  affiliations: 'name',
  japan_experience: 'host_name',
  other_names: 'value',
  names: 'value',
};

// Where an API error's field belongs: "orcid" → the ORCID input; "emails[2]" → the
// e-mail list; "affiliations[1].start" → row 1's start; "japan_experience[0]" → row 0's
// host. Null for what no input holds ("body", "record 1", "").
export function errorTarget(field: string | null | undefined): ErrorTarget | null {
  if (!field) return null;
  const m = /^([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?$/.exec(field.trim());
  if (!m) return null;
  const [, name, index, key] = m;
  if (name === 'body') return null;
  if (index !== undefined && name! in ROW_LISTS) {
    return { field: name!, row: { index: Number(index), key: key ?? ROW_LISTS[name!]! } };
  }
  return { field: name! };
}

// formToOrg sends the display name first in `names`: an error on names[0] belongs to
// the display name's inputs, one on names[n] to the editor's n-th other name (n-1).
export function orgNameErrorField(field: string): string {
  const t = errorTarget(field);
  if (!t || t.field !== 'names' || !t.row) return field;
  if (t.row.index === 0) return t.row.key === 'lang' ? 'display_lang' : 'display_name';
  return `names[${t.row.index - 1}].${t.row.key}`;
}
