// Pure logic of the duplicates pages (docs/network.md, "Duplicates and merges"), without
// the DOM: the comparison of two records field by field (which differ, which are lists
// that a merge unites, which are scalars where the user picks a side), what the merged
// record will hold, and the merge request with its `prefer` choices.
//
// A merge keeps the target and folds the other ("from") into it: lists are united, a
// scalar the target lacks is taken from the other, and for scalars both have, `prefer`
// names the fields whose value comes from the other ({"bio_en": "from"}).

export type DuplicateType = 'person' | 'organization';

export interface DuplicateSide {
  id: number;
  name?: string;
  display_name?: string;
  latin_name?: string;
  country?: string;
  [key: string]: unknown;
}

export interface DuplicatePair {
  type: DuplicateType | string;
  score: number;
  a: DuplicateSide;
  b: DuplicateSide;
  reasons: (string | { code?: string; text?: string; detail?: string })[];
}

export interface CompareField {
  field: string;
  a: unknown;
  b: unknown;
  same: boolean;
}

export interface CompareResponse {
  type?: string;
  a: Record<string, unknown> & { id: number; version?: number };
  b: Record<string, unknown> & { id: number; version?: number };
  fields: CompareField[];
}

export type Side = 'a' | 'b';
export type ValueKind = 'empty' | 'scalar' | 'list' | 'object';

export function isDuplicateType(t: string | null | undefined): t is DuplicateType {
  return t === 'person' || t === 'organization';
}

export function valueKind(v: unknown): ValueKind {
  if (v === null || v === undefined || v === '') return 'empty';
  if (Array.isArray(v)) return v.length ? 'list' : 'empty';
  if (typeof v === 'object') return Object.keys(v as object).length ? 'object' : 'empty';
  return 'scalar';
}

export interface DiffRow {
  field: string;
  a: unknown;
  b: unknown;
  same: boolean;
  // 'choose': scalars both records hold, differently: the user picks a side.
  // 'unite': lists (or maps) that the merge unites.
  // 'fill': a scalar only one record holds: the merge keeps it whichever is the target.
  // 'keep': a value both hold that a merge does not choose between (an identifier such
  //   as the ROR id): the target's stays.
  // 'same': nothing to decide.
  action: 'choose' | 'unite' | 'fill' | 'keep' | 'same';
}

// The fields `prefer` may name, as the server's merge takes them (src/modules/network/
// merge.cc): its scalars. Coordinates are one value, [lat, lng], though sent as a list.
export const MERGE_SCALARS: Record<DuplicateType, readonly string[]> = {
  person: ['name', 'latin_name', 'orcid', 'nationality', 'career_stage', 'bio_en', 'bio_ja'],
  organization: ['display_name', 'country', 'city', 'coordinates', 'status', 'established', 'region'],
};

// Fields that are the records' bookkeeping, not their content: never chosen, never
// shown as differing.
const BOOKKEEPING = new Set(['id', 'version', 'created_at', 'updated_at', 'merged_into', 'user_id', 'source']);

// The comparison's rows, in the API's order, with what a merge does with each. `same`
// from the API is trusted when given, else worked out from the values. With the type
// known, only the merge's scalars are offered to choose; without it, any two differing
// plain values are.
export function diffRows(c: Pick<CompareResponse, 'fields' | 'type'>, type?: DuplicateType): DiffRow[] {
  const t = type ?? (isDuplicateType(c.type) ? c.type : undefined);
  const scalars = t ? MERGE_SCALARS[t] : null;
  const out: DiffRow[] = [];
  for (const f of c.fields ?? []) {
    if (BOOKKEEPING.has(f.field)) continue;
    const same = typeof f.same === 'boolean' ? f.same : sameValue(f.a, f.b);
    const ka = valueKind(f.a);
    const kb = valueKind(f.b);
    const scalar = scalars ? scalars.includes(f.field) : ka !== 'list' && kb !== 'list' && ka !== 'object' && kb !== 'object';
    let action: DiffRow['action'];
    if (same) action = 'same';
    else if (ka === 'empty' || kb === 'empty') action = scalar || (ka !== 'list' && kb !== 'list' && ka !== 'object' && kb !== 'object') ? 'fill' : 'unite';
    else if (scalar) action = 'choose';
    else if (ka === 'list' || kb === 'list' || ka === 'object' || kb === 'object') action = 'unite';
    else action = 'keep';
    out.push({ field: f.field, a: f.a, b: f.b, same, action });
  }
  return out;
}

export function differing(rows: readonly DiffRow[]): DiffRow[] {
  return rows.filter((r) => !r.same);
}

// Equality of JSON values, object keys in any order.
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (valueKind(v) === 'empty') return '';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export const other = (s: Side): Side => (s === 'a' ? 'b' : 'a');

// The choice for each 'choose' row: the target's value unless the user picked the other.
export function defaultChoices(rows: readonly DiffRow[], target: Side): Record<string, Side> {
  const out: Record<string, Side> = {};
  for (const r of rows) if (r.action === 'choose') out[r.field] = target;
  return out;
}

// `prefer` for the request: the fields whose value comes from the other record. Choices
// for fields that are not 'choose' rows are ignored (the server decides those itself).
export function preferBody(rows: readonly DiffRow[], target: Side, choices: Record<string, Side>): Record<string, 'from'> {
  const out: Record<string, 'from'> = {};
  for (const r of rows) {
    if (r.action === 'choose' && (choices[r.field] ?? target) !== target) out[r.field] = 'from';
  }
  return out;
}

// What the merged record will hold for a row, as the server merges (a preview).
export function mergedValue(row: DiffRow, target: Side, choices: Record<string, Side>): unknown {
  const t = row[target];
  const o = row[other(target)];
  switch (row.action) {
    case 'same':
    case 'keep':
      return t;
    case 'choose':
      return row[choices[row.field] ?? target];
    case 'fill':
      return valueKind(t) === 'empty' ? o : t;
    case 'unite':
      return unite(t, o);
  }
}

function unite(t: unknown, o: unknown): unknown {
  if (Array.isArray(t) || Array.isArray(o)) {
    const out: unknown[] = [];
    const seen = new Set<string>();
    for (const v of [...(Array.isArray(t) ? t : valueKind(t) === 'empty' ? [] : [t]), ...(Array.isArray(o) ? o : valueKind(o) === 'empty' ? [] : [o])]) {
      const key = canonical(v);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(v);
      }
    }
    return out;
  }
  if (t && typeof t === 'object' && o && typeof o === 'object') return { ...(o as object), ...(t as object) };
  return valueKind(t) === 'empty' ? o : t;
}

export interface MergeRequest {
  path: string;
  body: { from: number; version?: number; prefer?: Record<string, 'from'> };
}

// POST /people/{target}/merge or /organizations/{target}/merge with the other as `from`,
// the target's version as read (a stale comparison is refused), and `prefer` when any
// field takes the other's value.
export function mergeRequest(type: DuplicateType, c: CompareResponse, target: Side, prefer: Record<string, 'from'>): MergeRequest {
  const keep = c[target];
  const from = c[other(target)];
  const body: MergeRequest['body'] = { from: from.id };
  if (typeof keep.version === 'number') body.version = keep.version;
  if (Object.keys(prefer).length) body.prefer = prefer;
  return { path: `/${type === 'person' ? 'people' : 'organizations'}/${keep.id}/merge`, body };
}

// A record's name for headings and links.
export function recordName(r: Record<string, unknown> | null | undefined): string {
  if (!r) return '';
  for (const k of ['name', 'display_name', 'latin_name']) {
    const v = r[k];
    if (typeof v === 'string' && v.trim()) return v;
  }
  return typeof r.id === 'number' ? `#${r.id}` : '';
}

export function recordHref(type: string, id: number): string {
  return type === 'organization' ? `/network/organizations/${id}` : `/network/people/${id}`;
}

export function compareHref(type: string, a: number, b: number): string {
  return `/network/duplicates/compare?${new URLSearchParams({ type, a: String(a), b: String(b) })}`;
}

// The reasons of a pair (src/modules/network/merge.cc). The server sends objects
// {code, text, detail?}; English sentences as an older server wrote them are recognised
// too, so that the Japanese UI can say them; the number in "names alike (0.93)" is kept
// as the detail. Anything else is shown as sent.
const REASON_TEXTS: [RegExp, string][] = [
  [/^names alike \(([\d.]+)\)$/, 'names_alike'],
  [/^same e-mail address$/, 'same_email'],
  [/^same ORCID iD$/, 'same_orcid'],
  [/^an organisation in common$/, 'shared_organization'],
  [/^a country in common$/, 'shared_country'],
  [/^no country in common$/, 'no_shared_country'],
  [/^different nationalities$/, 'different_nationalities'],
  [/^same country$/, 'same_country'],
  [/^same web domain$/, 'same_domain'],
  [/^same city$/, 'same_city'],
  [/^same type$/, 'same_type'],
  [/^different types$/, 'different_types'],
];

export const REASON_CODES: string[] = REASON_TEXTS.map(([, code]) => code);

// A reason as the API gives it: a sentence the UI knows, a code ("same_email"), or an
// object with a code and text. Returns the code (for a catalogue label, '' when none)
// and the text: the detail for a known reason, else what to show as it is.
export function reasonParts(r: DuplicatePair['reasons'][number]): { code: string; text: string } {
  if (typeof r === 'string') {
    for (const [re, code] of REASON_TEXTS) {
      const m = re.exec(r.trim());
      if (m) return { code, text: m[1] ?? '' };
    }
    return /^[a-z][a-z0-9_]*$/.test(r) ? { code: r, text: '' } : { code: '', text: r };
  }
  const code = typeof r?.code === 'string' ? r.code : '';
  const detail = typeof r?.detail === 'string' ? r.detail : '';
  // A known code has its own label: its English text would only repeat it.
  const text = detail || (REASON_CODES.includes(code) ? '' : (typeof r?.text === 'string' ? r.text : ''));
  return { code, text };
}

// One value as text lines for the comparison table: lists one item per line; items and
// maps that are objects as "key: value" pairs; empty as [].
export function valueLines(v: unknown): string[] {
  if (valueKind(v) === 'empty') return [];
  if (Array.isArray(v)) return v.flatMap((item) => (item && typeof item === 'object' ? [objectLine(item as Record<string, unknown>)] : [String(item)]));
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${typeof x === 'object' ? JSON.stringify(x) : String(x)}`);
  return [String(v)];
}

function objectLine(o: Record<string, unknown>): string {
  return Object.entries(o)
    .filter(([, x]) => valueKind(x) !== 'empty')
    .map(([k, x]) => `${k}: ${Array.isArray(x) ? x.join('; ') : typeof x === 'object' ? JSON.stringify(x) : String(x)}`)
    .join(' · ');
}
