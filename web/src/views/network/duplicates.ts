// Duplicates (docs/network.md, "Duplicates and merges"): the pairs the server proposes,
// people or organisations, best first with their score and reasons; the two records side
// by side with the fields that differ marked, a choice of which record to keep and, for
// each scalar both hold differently, of which value to keep; the merge; then the merged
// record. Offered to administrators and overseas offices (network.merge); an office sees
// the pairs of its region, and the server refuses the rest.

import { ApiError, api } from '../../api.js';
import type { Ctx } from '../../app.js';
import { bindText, clear, h, uid } from '../../dom.js';
import { isMessageKey, type MessageKey } from '../../i18n/core.js';
import {
  compareHref,
  defaultChoices,
  diffRows,
  isDuplicateType,
  mergeRequest,
  mergedValue,
  other,
  preferBody,
  reasonParts,
  recordHref,
  recordName,
  valueLines,
  type CompareResponse,
  type DiffRow,
  type DuplicatePair,
  type DuplicateType,
  type Side,
} from '../../network/duplicates.js';
import { emptyRow, messageRegion, section, showError, showSuccess, tableWrap, th } from '../../ui.js';
import { countryLabel, nameText } from './common.js';

// ------------------------------------------------------------------ the pairs

export async function renderDuplicates(main: HTMLElement, ctx: Ctx): Promise<void> {
  let type: DuplicateType = ctx.query.get('type') === 'organization' ? 'organization' : 'person';
  main.append(h('h1', { t: 'nav.network.duplicates' }), h('p', { class: 'intro', t: 'dup.intro' }));
  const radioName = uid('dup-type');
  const radios = (['person', 'organization'] as const).map((value) => {
    const id = uid('dup-type');
    const radio = h('input', { type: 'radio', id, name: radioName, value });
    radio.checked = type === value;
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      type = value;
      void load().catch((err) => showError(message, err));
    });
    return h('span', { class: 'type-option' }, radio, h('label', { for: id, t: value === 'person' ? 'net.type.person' : 'net.type.organization' }));
  });
  const message = messageRegion();
  const count = h('p', { class: 'result-count', role: 'status', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const table = h(
    'table',
    { class: 'data-table duplicates-table' },
    h('caption', { class: 'visually-hidden', t: 'dup.pairs' }),
    h('thead', null, h('tr', null, th('dup.col.score'), th('dup.col.a'), th('dup.col.b'), th('dup.col.reasons'), th('dup.col.action'))),
    tbody,
  );
  main.append(section('dup.pairs', h('fieldset', { class: 'type-switch' }, h('legend', { t: 'net.search.type' }), radios), message, count, tableWrap(table, 'dup.pairs')));

  async function load(): Promise<void> {
    history.replaceState(null, '', `/network/duplicates?type=${type}`);
    tbody.setAttribute('aria-busy', 'true');
    try {
      const r = await api.get<{ items: DuplicatePair[] }>('/duplicates', { type, limit: 100 });
      clear(message);
      message.classList.remove('is-error');
      clear(tbody);
      const items = r.items ?? [];
      bindText(count, items.length ? 'dup.count' : 'dup.none', { n: items.length });
      if (!items.length) tbody.append(emptyRow(5));
      for (const pair of items) tbody.append(pairRow(pair, type));
    } finally {
      tbody.removeAttribute('aria-busy');
    }
  }
  await load();
}

function side(rec: DuplicatePair['a'], type: string): HTMLElement {
  return h(
    'div',
    { class: 'dup-side' },
    h('a', { href: recordHref(type, rec.id) }, nameText(recordName(rec))),
    rec.latin_name && rec.latin_name !== rec.name ? h('span', { class: 'other-name muted', dir: 'auto' }, rec.latin_name) : null,
    rec.country ? h('span', { class: 'dup-country' }, countryLabel(rec.country)) : null,
    Array.isArray(rec.countries) && rec.countries.length
      ? h('ul', { class: 'inline-list dup-countries' }, (rec.countries as string[]).map((c) => h('li', { class: 'code country-code' }, c)))
      : null,
  );
}

function reasonChip(r: DuplicatePair['reasons'][number]): HTMLElement {
  const { code, text } = reasonParts(r);
  const key = `dupreason.${code}`;
  const el = h('li', { class: 'chip', 'data-reason': code || undefined });
  if (code && isMessageKey(key)) {
    el.append(h('span', { t: key }));
    if (text) el.append(' (', h('span', { dir: 'auto' }, text), ')');
  } else {
    el.append(h('span', { dir: 'auto', class: code && !text ? 'code' : undefined }, text || code));
  }
  return el;
}

function pairRow(pair: DuplicatePair, type: string): HTMLElement {
  const score = Number.isFinite(pair.score) ? pair.score : 0;
  const shown = score <= 1 ? score.toFixed(2) : String(Math.round(score * 100) / 100);
  const aName = recordName(pair.a);
  const bName = recordName(pair.b);
  return h(
    'tr',
    { 'data-a': pair.a.id, 'data-b': pair.b.id },
    h('td', { class: 'score' }, score <= 1 ? h('meter', { min: 0, max: 1, value: score, 'aria-hidden': 'true' }) : null, ' ', h('span', { class: 'num score-value' }, shown)),
    h('td', { class: 'name-cell' }, side(pair.a, type)),
    h('td', { class: 'name-cell' }, side(pair.b, type)),
    h('td', null, pair.reasons?.length ? h('ul', { class: 'inline-list chip-list reasons' }, pair.reasons.map(reasonChip)) : '—'),
    h('td', null, h('a', { href: compareHref(type, pair.a.id, pair.b.id), class: 'btn btn-small compare-link', ta: { 'aria-label': ['dup.compare_label', { a: aName, b: bName }] }, t: 'dup.compare' })),
  );
}

// ------------------------------------------------------------------ comparison and merge

// Catalogue labels of the fields, where the profile and organisation pages have them.
const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'net.field.name',
  latin_name: 'net.field.latin_name',
  other_names: 'net.person.other_names',
  orcid: 'users.field.orcid',
  emails: 'net.person.emails',
  nationality: 'net.person.nationality',
  residence_countries: 'net.person.residence',
  affiliations: 'net.person.affiliations',
  fields: 'net.person.fields',
  keywords: 'net.person.keywords',
  themes: 'net.field.themes',
  career_stage: 'net.field.career_stage',
  bio_en: 'net.field.bio_en',
  bio_ja: 'net.field.bio_ja',
  publications: 'net.person.publications',
  japan_experience: 'net.person.japan_experience',
  display_name: 'net.org.field.display_name',
  names: 'net.org.names',
  ror: 'net.ror',
  country: 'net.org.country',
  city: 'net.org.city',
  types: 'net.org.types',
  status: 'net.org.status',
  established: 'net.org.established',
  domains: 'net.org.domains',
  links: 'net.org.links',
  external_ids: 'net.org.external_ids',
  relations: 'net.org.relations',
  region: 'net.org.region_served',
  lat: 'dup.field.lat',
  lng: 'dup.field.lng',
  coordinates: 'dup.field.coordinates',
  version: 'net.org.version',
  countries: 'office.col.countries',
};

function fieldLabel(field: string): HTMLElement {
  const key = FIELD_LABELS[field];
  return key ? h('span', { t: key }) : h('span', { class: 'code' }, field);
}

function valueView(v: unknown): HTMLElement {
  const lines = valueLines(v);
  if (!lines.length) return h('span', { class: 'muted', t: 'common.none' });
  if (lines.length === 1) return h('span', { class: 'value pre-line', dir: 'auto' }, lines[0]!);
  return h('ul', { class: 'plain-list value-list' }, lines.map((l) => h('li', { dir: 'auto' }, l)));
}

export async function renderCompare(main: HTMLElement, ctx: Ctx): Promise<void> {
  const typeParam = ctx.query.get('type') ?? 'person';
  const type: DuplicateType = isDuplicateType(typeParam) ? typeParam : 'person';
  const a = Number(ctx.query.get('a'));
  const b = Number(ctx.query.get('b'));
  main.append(
    h('p', { class: 'back-link' }, h('a', { href: `/network/duplicates?type=${type}`, t: 'dup.back' })),
    h('h1', { t: 'dup.compare_title' }),
  );
  if (!Number.isInteger(a) || !Number.isInteger(b) || a <= 0 || b <= 0) {
    const m = messageRegion();
    main.append(m);
    showError(m, null, 'dup.bad_pair');
    return;
  }
  const loading = h('p', { class: 'loading', t: 'common.loading' });
  main.append(loading);
  const c = await api.get<CompareResponse>('/duplicates/compare', { type, a, b });
  loading.remove();
  const rows = diffRows(c, type);
  let target: Side = 'a';
  let choices = defaultChoices(rows, target);

  // ------------------------------------------------------------ which record to keep
  const names = { a: recordName(c.a), b: recordName(c.b) };
  const targetName = uid('target');
  const targetRadios = (['a', 'b'] as const).map((sd) => {
    const id = uid('target');
    const radio = h('input', { type: 'radio', id, name: targetName, value: sd });
    radio.checked = sd === target;
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      target = sd;
      choices = defaultChoices(rows, target);
      fillTable();
      updateButton();
    });
    return h(
      'span',
      { class: 'type-option' },
      radio,
      h('label', { for: id }, h('span', { t: sd === 'a' ? 'dup.keep_a' : 'dup.keep_b' }), ' ', nameText(names[sd]), ' ', h('span', { class: 'code muted' }, `#${c[sd].id}`)),
    );
  });
  const onlyId = uid('only-diff');
  const onlyDiff = h('input', { type: 'checkbox', id: onlyId, name: 'only_differing' });
  onlyDiff.checked = true;
  onlyDiff.addEventListener('change', () => fillTable());

  // ------------------------------------------------------------ the table
  const tbody = h('tbody');
  const headA = h('th', { scope: 'col' }, h('span', { t: 'dup.col.a' }), ' ', h('a', { href: recordHref(type, c.a.id) }, nameText(names.a)));
  const headB = h('th', { scope: 'col' }, h('span', { t: 'dup.col.b' }), ' ', h('a', { href: recordHref(type, c.b.id) }, nameText(names.b)));
  const table = h(
    'table',
    { class: 'data-table compare-table' },
    h('caption', { class: 'visually-hidden', t: 'dup.compare_title' }),
    h('thead', null, h('tr', null, th('dup.col.field'), headA, headB, th('dup.col.result'))),
    tbody,
  );

  function cell(row: DiffRow, sd: Side): HTMLElement {
    const td = h('td', { class: ['value-cell', `side-${sd}`] });
    if (row.action === 'choose') {
      const id = uid('keep');
      const radio = h('input', { type: 'radio', id, name: `prefer-${row.field}`, value: sd, 'data-field': row.field });
      radio.checked = (choices[row.field] ?? target) === sd;
      radio.addEventListener('change', () => {
        if (!radio.checked) return;
        choices[row.field] = sd;
        fillTable(row.field);
      });
      td.append(h('div', { class: 'keep-choice' }, radio, h('label', { for: id }, valueView(row[sd]), h('span', { class: 'visually-hidden', t: 'dup.keep_value', tp: { side: sd.toUpperCase() } }))));
    } else {
      td.append(valueView(row[sd]));
    }
    return td;
  }

  function fillTable(focusField?: string): void {
    clear(tbody);
    const shown = onlyDiff.checked ? rows.filter((r) => !r.same) : rows;
    if (!shown.length) tbody.append(emptyRow(4));
    for (const row of shown) {
      const notes: Record<DiffRow['action'], MessageKey | null> = { unite: 'dup.unite', fill: 'dup.fill', choose: 'dup.choose', keep: 'dup.keep', same: null };
      const note = notes[row.action];
      tbody.append(
        h(
          'tr',
          { class: row.same ? 'is-same' : 'is-different', 'data-field': row.field, 'data-action': row.action },
          h('th', { scope: 'row' }, fieldLabel(row.field), row.same ? null : h('span', { class: 'badge badge-diff', t: 'dup.differs' })),
          cell(row, 'a'),
          cell(row, 'b'),
          h('td', { class: 'value-cell merged' }, valueView(mergedValue(row, target, choices)), note ? h('p', { class: 'hint', t: note }) : null),
        ),
      );
    }
    if (focusField) tbody.querySelector<HTMLInputElement>(`input[data-field="${CSS.escape(focusField)}"]:checked`)?.focus();
  }

  // ------------------------------------------------------------ merge
  const message = messageRegion();
  const mergeButton = h('button', { type: 'button', class: 'btn btn-primary merge-button' });
  const updateButton = () => bindText(mergeButton, 'dup.merge', { from: names[other(target)], into: names[target] });
  const result = h('div', { class: 'merge-result' });
  const controls = h(
    'div',
    { class: 'merge-controls' },
    h('fieldset', { class: 'type-switch keep-record' }, h('legend', { t: 'dup.keep_which' }), targetRadios),
    h('div', { class: 'field field-checkbox' }, onlyDiff, h('label', { for: onlyId, t: 'dup.only_differing' })),
  );
  const body = h('div', { class: 'compare-body' }, controls, tableWrap(table, 'dup.compare_title'), h('p', { class: 'hint', t: 'dup.merge_note' }), message, h('div', { class: 'form-actions' }, mergeButton));
  const compareSection = section('dup.compare_section', body);
  main.append(compareSection, result);
  fillTable();
  updateButton();

  mergeButton.addEventListener('click', () => {
    void (async () => {
      mergeButton.disabled = true;
      const req = mergeRequest(type, c, target, preferBody(rows, target, choices));
      try {
        const merged = await api.post<Record<string, unknown> & { id: number }>(req.path, req.body);
        compareSection.hidden = true;
        showMerged(result, type, merged);
        ctx.announce('dup.merged', { name: recordName(merged) });
        result.querySelector<HTMLElement>('h2')?.focus();
      } catch (err) {
        mergeButton.disabled = false;
        if (err instanceof ApiError && err.status === 409) showError(message, err, 'dup.stale', { withDetail: true });
        else if (err instanceof ApiError && err.status === 403) showError(message, err, 'dup.forbidden', { withDetail: true });
        else showError(message, err);
      }
    })();
  });
}

function showMerged(holder: HTMLElement, type: string, merged: Record<string, unknown> & { id: number }): void {
  const titleId = uid('merged');
  const note = messageRegion();
  showSuccess(note, 'dup.merged', { name: recordName(merged) });
  const facts = h('dl', { class: 'facts merged-facts' });
  for (const [k, v] of Object.entries(merged)) {
    if (['id', 'created_at', 'updated_at', 'user_id'].includes(k)) continue;
    facts.append(h('dt', null, fieldLabel(k)), h('dd', { 'data-field': k }, valueView(v)));
  }
  holder.replaceChildren(
    h(
      'section',
      { class: 'panel merged-record', 'aria-labelledby': titleId },
      h('h2', { id: titleId, tabindex: -1, t: 'dup.merged_title' }),
      note,
      h('p', null, h('a', { href: recordHref(type, merged.id), class: 'btn open-merged', t: 'dup.open_merged' })),
      facts,
    ),
  );
}
