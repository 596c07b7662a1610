// Shapes of the compliance API (docs/compliance.md) and the widgets its pages share:
// score bars, match explanations, status labels, and kind/format/category options.

import { bindBilingual, h, uid } from '../../dom.js';
import { isMessageKey, t, type MessageKey } from '../../i18n/core.js';
import { explanationRows, explanationSummary, type Explanation, type Match } from '../../compliance/logic.js';
import { th, tableWrap, type Option } from '../../ui.js';

export type { Explanation, Match };

export interface ListInfo {
  name: string;
  format: string;
  version: number;
  entities: number;
  names: number;
  imported_at: string;
}

export interface ListVersion {
  version: number;
  format: string;
  entities: number;
  names: number;
  added: number;
  changed: number;
  removed: number;
  imported_at: string;
  imported_by: string | number | null;
}

export interface ImportResult {
  name: string;
  version: number;
  entities: number;
  names: number;
  added: number;
  changed: number;
  removed: number;
}

export interface DiffEntry {
  entity_id: string;
  name: string;
}

export interface ListDiff {
  added: DiffEntry[];
  changed: DiffEntry[];
  removed: DiffEntry[];
}

export interface ListEntity {
  entity_id: string;
  kind: string;
  names: string[];
  countries: string[];
  programme: string;
}

export interface ScreenResponse {
  threshold: number;
  results: Match[];
}

export interface HitSubject {
  id: number;
  kind: string;
  name: string;
  country: string;
  source: string;
}

export interface Hit {
  id: number;
  subject: HitSubject;
  list: string;
  entity_id: string;
  matched_name: string;
  score: number;
  explanation?: Explanation | null;
  status: 'open' | 'true_match' | 'false_positive' | string;
  reason: string | null;
  decided_by: string | number | null;
  decided_at: string | null;
  created_at: string;
}

export interface Subject {
  id: number;
  kind: string;
  name: string;
  other_names: string[];
  country: string;
  source: string;
  status: string;
  open_hits: number;
  screened_at: string | null;
  hits?: Hit[];
}

export interface ControlCategory {
  code: string;
  title_en: string;
  title_ja: string;
  terms_en: string[];
  terms_ja: string[];
}

export interface SuggestedCategory {
  code: string;
  title_en: string;
  title_ja: string;
  score: number;
  matched_terms: string[];
}

export interface Recipient {
  id?: number;
  kind: string;
  name: string;
  other_names?: string[];
  country: string;
  status?: string; // screening status (clear / open_hits / true_match), for compliance
  screening_status?: string;
  hits?: Hit[];
}

export interface TechRequest {
  id: number;
  title: string;
  description: string;
  project: string | null;
  provider?: { id: number; name?: string; display_name?: string; email?: string } | null;
  provider_user_id?: number;
  provider_name?: string;
  recipient: Recipient;
  status: string;
  screening_status?: string;
  category_code: string | null;
  suggested_categories?: SuggestedCategory[];
  licence_number?: string | null;
  conditions?: string | null;
  expires_on?: string | null;
  reason?: string | null;
  decided_by?: string | number | null;
  decided_at?: string | null;
  created_at: string;
}

// A label for a code the API sends ("person", "open", "approved"…), or the code itself
// when the catalogue has no label, so new values show up rather than vanish.
export function codeLabel(prefix: string, code: string | null | undefined): HTMLElement {
  const value = code ?? '';
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? h('span', { t: key }) : h('span', { class: 'code' }, value || '—');
}

export function statusBadge(prefix: string, status: string | null | undefined): HTMLElement {
  const el = codeLabel(prefix, status);
  el.classList.add('badge', `badge-${(status ?? 'none').replace(/[^a-z_]/g, '')}`);
  return el;
}

export function kindOptions(withAny: boolean): Option[] {
  const opts: Option[] = [
    { value: 'person', label: 'kind.person' },
    { value: 'organization', label: 'kind.organization' },
  ];
  return withAny ? [{ value: '', label: 'kind.any' }, ...opts] : opts;
}

export const LIST_FORMATS = ['csv', 'un-xml', 'ofac-csv', 'meti-xlsx', 'ftm-json'];

export function formatOptions(): Option[] {
  return LIST_FORMATS.map((f) => ({ value: f, label: `format.${f}` as MessageKey }));
}

export function categoryOption(c: { code: string; title_en: string; title_ja: string }, lang: string): Option {
  return { value: c.code, text: `${c.code} — ${lang === 'ja' ? c.title_ja || c.title_en : c.title_en || c.title_ja}` };
}

export function categoryTitle(c: { title_en: string; title_ja: string }): HTMLElement {
  return bindBilingual(h('span'), c.title_ja, c.title_en);
}

// A score as a bar (an accessible <meter>, no inline styles under the CSP) and a number.
export function scoreBar(score: number, alert: boolean): HTMLElement {
  const text = score.toFixed(3);
  return h(
    'span',
    { class: ['score', alert && 'score-alert'] },
    h('meter', {
      min: 0,
      max: 1,
      low: 0.5,
      high: 0.8,
      optimum: 0,
      value: Math.max(0, Math.min(1, score)),
      ta: { 'aria-label': ['screen.score_label', { score: text }] },
    }),
    h('span', { class: 'score-value num' }, text),
  );
}

export function alertFlag(alert: boolean): HTMLElement {
  return alert
    ? h('span', { class: 'badge badge-alert', t: 'screen.alert' })
    : h('span', { class: 'badge badge-quiet', t: 'screen.below' });
}

function howLabel(how: string): HTMLElement {
  const key = `how.${how}`;
  return isMessageKey(key)
    ? h('span', { class: `how how-${how}`, t: key })
    : h('span', { class: 'how code' }, how);
}

// The explanation of a match: how each part of the query met a part of the listed name.
export function explanationView(explanation: Explanation | null | undefined): HTMLElement {
  const rows = explanationRows(explanation);
  if (!rows.length) return h('p', { class: 'muted', t: 'expl.none' });
  const readings: HTMLElement[] = [];
  if (explanation?.query_reading) {
    readings.push(h('dt', { t: 'expl.query_reading' }), h('dd', { class: 'code', dir: 'ltr' }, explanation.query_reading));
  }
  if (explanation?.candidate_reading) {
    readings.push(h('dt', { t: 'expl.candidate_reading' }), h('dd', { class: 'code', dir: 'ltr' }, explanation.candidate_reading));
  }
  const table = h(
    'table',
    { class: 'data-table expl-table' },
    h('caption', { class: 'visually-hidden', t: 'expl.caption' }),
    h(
      'thead',
      null,
      h('tr', null, th('expl.col.query'), th('expl.col.candidate'), th('expl.col.how'), th('expl.col.similarity'), th('expl.col.weight')),
    ),
    h(
      'tbody',
      null,
      rows.map((r) =>
        h(
          'tr',
          { 'data-how': r.how },
          h('td', { dir: 'auto' }, r.query || '—'),
          h('td', { dir: 'auto' }, r.candidate || '—'),
          h('td', null, howLabel(r.how)),
          h('td', { class: 'num' }, r.similarity),
          h('td', { class: 'num' }, r.weight),
        ),
      ),
    ),
  );
  return h(
    'div',
    { class: 'explanation' },
    readings.length ? h('dl', { class: 'readings' }, readings) : null,
    tableWrap(table, 'expl.caption'),
  );
}

// "Exact ×2 · Sounds alike ×1": the explanation in one line.
export function explanationChips(explanation: Explanation | null | undefined): HTMLElement {
  return h(
    'span',
    { class: 'how-chips' },
    explanationSummary(explanation).map((s) => h('span', { class: 'chip' }, howLabel(s.how), s.count > 1 ? ` ×${s.count}` : '')),
  );
}

// A toggle button that shows or hides `detail` (a row or a block).
export function disclosure(detail: HTMLElement, labelledBy?: string): HTMLButtonElement {
  const id = detail.id || uid('detail');
  detail.id = id;
  detail.hidden = true;
  const button = h('button', {
    type: 'button',
    class: 'btn btn-small toggle',
    'aria-expanded': 'false',
    'aria-controls': id,
    t: 'common.show',
  });
  if (labelledBy) {
    button.id = `${id}-toggle`;
    button.setAttribute('aria-labelledby', `${button.id} ${labelledBy}`);
  }
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    detail.hidden = !open;
    button.dataset.i18n = open ? 'common.hide' : 'common.show';
    button.textContent = t(open ? 'common.hide' : 'common.show');
  });
  return button;
}

export function nameCell(name: string, extra?: HTMLElement | null): HTMLTableCellElement {
  return h('td', { class: 'name-cell' }, h('span', { dir: 'auto', class: 'name' }, name), extra ?? null);
}
