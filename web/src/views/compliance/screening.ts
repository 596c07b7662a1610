// Screening: one name against every list (scores, alerts and the explanation of each
// match), batches pasted or loaded as TSV with the results downloadable as TSV, and the
// parties asta has screened with their status.

import { api, type Page } from '../../api.js';
import type { Ctx } from '../../app.js';
import { clear, h, localTimeZone, replaceChildren, timeEl, uid } from '../../dom.js';
import type { MessageKey } from '../../i18n/core.js';
import {
  parseQueriesTsv,
  resultsToTsv,
  splitNames,
  type BatchQuery,
  type BatchResult,
  type Match,
} from '../../compliance/logic.js';
import {
  Form,
  Pager,
  emptyRow,
  messageRegion,
  pagerControls,
  section,
  showError,
  showSuccess,
  tableWrap,
  th,
} from '../../ui.js';
import {
  alertFlag,
  codeLabel,
  disclosure,
  explanationChips,
  explanationView,
  kindOptions,
  nameCell,
  scoreBar,
  statusBadge,
  type ScreenResponse,
  type Subject,
} from './common.js';

export async function renderScreening(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(h('h1', { t: 'screen.title' }), h('p', { class: 'intro', t: 'screen.intro' }));

  // Subjects first: the request also tells whether the caller may screen at all.
  const subjects = await subjectsSection();

  main.append(singleSection(), batchSection(), subjects);
  void ctx;
}

// ------------------------------------------------------------------ one name

function matchesTable(matches: Match[], captionKey: MessageKey): HTMLElement {
  const COLS = 7;
  const tbody = h('tbody');
  if (!matches.length) tbody.append(emptyRow(COLS));
  matches.forEach((m, i) => {
    const rankId = uid('rank');
    const detail = h('tr', { class: 'detail-row' }, h('td', { colspan: COLS }, explanationView(m.explanation)));
    const toggle = disclosure(detail, rankId);
    tbody.append(
      h(
        'tr',
        { class: ['entry-row', m.alert && 'is-alert'], 'data-entity': m.entity_id },
        h('th', { scope: 'row', class: 'num', id: rankId }, String(i + 1)),
        h('td', null, scoreBar(m.score, m.alert)),
        h('td', null, alertFlag(m.alert)),
        h('td', { class: 'code' }, m.list),
        h('td', { class: 'code' }, m.entity_id),
        nameCell(m.matched_name),
        h('td', { class: 'expl-cell' }, explanationChips(m.explanation), ' ', toggle),
      ),
      detail,
    );
    // The best match's explanation is open from the start: it is what the officer reads.
    if (i === 0) toggle.click();
  });
  return tableWrap(
    h(
      'table',
      { class: 'data-table matches-table' },
      h('caption', { class: 'visually-hidden', t: captionKey }),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          th('screen.col.rank'),
          th('screen.col.score'),
          th('screen.col.alert'),
          th('screen.col.list'),
          th('screen.col.entity'),
          th('screen.col.matched_name'),
          th('screen.col.explanation'),
        ),
      ),
      tbody,
    ),
    captionKey,
  );
}

function parseThreshold(text: string): number | null | 'bad' {
  if (!text) return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : 'bad';
}

function singleSection(): HTMLElement {
  const results = h('div', { class: 'screen-results', 'aria-live': 'polite' });
  const form = new Form(
    'screen',
    [
      { name: 'name', label: 'screen.field.name', required: true, dir: 'auto', autocomplete: 'off' },
      { name: 'kind', label: 'screen.field.kind', type: 'select', options: kindOptions(true), value: '' },
      { name: 'country', label: 'screen.field.country', optional: true, maxlength: 2, autocomplete: 'off' },
      { name: 'threshold', label: 'screen.field.threshold', optional: true, hint: 'screen.field.threshold_hint', inputmode: 'decimal', autocomplete: 'off' },
    ],
    'screen.submit',
    async (f) => {
      const name = f.value('name');
      const threshold = parseThreshold(f.value('threshold'));
      if (threshold === 'bad') return f.fieldError('threshold', 'screen.bad_threshold');
      const country = f.value('country').toUpperCase();
      if (country && !/^[A-Z]{2}$/.test(country)) return f.fieldError('country', 'screen.bad_country');
      const body: Record<string, unknown> = { name };
      if (f.value('kind')) body.kind = f.value('kind');
      if (country) body.country = country;
      if (threshold !== null) body.threshold = threshold;
      const r = await api.post<ScreenResponse>('/compliance/screen', body);
      const alerts = r.results.filter((m) => m.alert).length;
      const titleId = uid('results');
      replaceChildren(
        results,
        h(
          'section',
          { class: 'subsection', 'aria-labelledby': titleId },
          h('h3', { id: titleId, t: 'screen.results_title', tp: { name } }),
          h('p', {
            class: ['summary', alerts > 0 && 'summary-alert'],
            t: 'screen.summary',
            tp: { n: r.results.length, alerts, threshold: r.threshold.toFixed(2) },
          }),
          matchesTable(r.results, 'screen.results_title'),
        ),
      );
    },
  );
  return section('screen.one_title', form.el, results);
}

// ------------------------------------------------------------------ batches

function batchSection(): HTMLElement {
  const results = h('div', { class: 'batch-results' });
  const download = h('a', { class: 'btn', t: 'batch.download', download: 'screening-results.tsv', hidden: true });
  let downloadUrl: string | null = null;
  const form = new Form(
    'batch',
    [
      { name: 'text', label: 'batch.field.text', type: 'textarea', rows: 6, dir: 'auto', spellcheck: false, wide: true, hint: 'batch.intro' },
      { name: 'file', label: 'batch.field.file', type: 'file', accept: '.tsv,.txt,text/tab-separated-values,text/plain', optional: true },
    ],
    'batch.submit',
    async (f) => {
      const parsed = parseQueriesTsv(f.rawValue('text'));
      if ('problem' in parsed) {
        const p = parsed.problem;
        return f.fieldError('text', `tsv.${p.reason}` as MessageKey, { line: p.line, value: p.value ?? '' });
      }
      if (!parsed.queries.length) return f.fieldError('text', 'batch.empty');
      const queries: BatchQuery[] = parsed.queries;
      const r = await api.post<{ results: BatchResult[] }>('/compliance/screen/batch', { queries });
      const byId = new Map(queries.map((q) => [q.id, q]));
      const alerts = r.results.filter((x) => x.matches.some((m) => m.alert)).length;
      if (downloadUrl) URL.revokeObjectURL(downloadUrl);
      downloadUrl = URL.createObjectURL(new Blob([resultsToTsv(r.results)], { type: 'text/tab-separated-values' }));
      download.href = downloadUrl;
      download.hidden = false;
      const tbody = h('tbody');
      if (!r.results.length) tbody.append(emptyRow(6));
      for (const res of r.results) {
        const best = res.matches[0];
        tbody.append(
          h(
            'tr',
            { class: best?.alert ? 'is-alert' : undefined },
            h('th', { scope: 'row', class: 'code' }, res.id),
            nameCell(byId.get(res.id)?.name ?? ''),
            best ? nameCell(best.matched_name) : h('td', { class: 'muted', t: 'batch.no_match' }),
            h('td', null, best ? scoreBar(best.score, best.alert) : '—'),
            h('td', null, best ? alertFlag(best.alert) : '—'),
            h('td', { class: 'code' }, best ? `${best.list} · ${best.entity_id}` : '—'),
          ),
        );
      }
      replaceChildren(
        results,
        h('p', { class: 'summary', t: 'batch.summary', tp: { n: r.results.length, alerts } }),
        tableWrap(
          h(
            'table',
            { class: 'data-table batch-table' },
            h('caption', { class: 'visually-hidden', t: 'batch.title' }),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                th('batch.col.id'),
                th('batch.col.query'),
                th('batch.col.best'),
                th('screen.col.score'),
                th('screen.col.alert'),
                th('screen.col.entity'),
              ),
            ),
            tbody,
          ),
          'batch.title',
        ),
      );
    },
    { extraButtons: [download] },
  );
  // A chosen file replaces the text, so what is screened is always what is shown.
  const file = form.input('file') as HTMLInputElement;
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    (form.input('text') as HTMLTextAreaElement).value = await chosen.text();
  });
  return section('batch.title', form.el, results);
}

// ------------------------------------------------------------------ subjects

async function subjectsSection(): Promise<HTMLElement> {
  const message = messageRegion();
  const tbody = h('tbody');
  const pager = new Pager();
  const COLS = 7;
  const controls = pagerControls(pager, () => void load());
  const render = (items: Subject[]) => {
    clear(tbody);
    if (!items.length) tbody.append(emptyRow(COLS));
    for (const s of items) {
      tbody.append(
        h(
          'tr',
          { 'data-subject': s.id },
          nameCell(s.name, s.other_names?.length ? h('span', { class: 'other-names', dir: 'auto' }, ` (${s.other_names.join('; ')})`) : null),
          h('td', null, codeLabel('kind', s.kind)),
          h('td', null, s.country || '—'),
          h('td', { class: 'code' }, s.source),
          h('td', null, statusBadge('status', s.status)),
          h('td', { class: 'num' }, String(s.open_hits ?? 0)),
          h('td', { class: 'nowrap' }, s.screened_at ? timeEl(s.screened_at, { offset: false }) : '—'),
        ),
      );
    }
  };
  async function fetchPage(): Promise<Page<Subject>> {
    return api.get<Page<Subject>>('/compliance/subjects', { limit: 25, cursor: pager.cursor });
  }
  async function load(): Promise<void> {
    tbody.setAttribute('aria-busy', 'true');
    try {
      const page = await fetchPage();
      pager.next = page.next_cursor;
      render(page.items);
      controls.update();
    } catch (err) {
      showError(message, err);
    } finally {
      tbody.removeAttribute('aria-busy');
    }
  }
  // The first page is fetched here so a refusal (403) reaches the page's error handling.
  const first = await fetchPage();
  pager.next = first.next_cursor;
  render(first.items);
  controls.update();

  const register = new Form(
    'subject-create',
    [
      { name: 'kind', label: 'subjects.col.kind', type: 'select', options: kindOptions(false), value: 'organization' },
      { name: 'name', label: 'subjects.col.name', required: true, dir: 'auto', autocomplete: 'off' },
      { name: 'other_names', label: 'subjects.field.other_names', type: 'textarea', rows: 2, optional: true, dir: 'auto' },
      { name: 'country', label: 'subjects.col.country', optional: true, maxlength: 2, autocomplete: 'off' },
    ],
    'common.create',
    async (f) => {
      const country = f.value('country').toUpperCase();
      if (country && !/^[A-Z]{2}$/.test(country)) return f.fieldError('country', 'screen.bad_country');
      const body: Record<string, unknown> = { kind: f.value('kind'), name: f.value('name') };
      const others = splitNames(f.rawValue('other_names'));
      if (others.length) body.other_names = others;
      if (country) body.country = country;
      const created = await api.post<Subject>('/compliance/subjects', body);
      f.reset();
      showSuccess(register.message, 'subjects.registered', { name: created.name, n: created.hits?.length ?? 0 });
      pager.reset();
      await load();
    },
  );

  const table = h(
    'table',
    { class: 'data-table subjects-table' },
    h('caption', { class: 'visually-hidden', t: 'subjects.title' }),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        th('subjects.col.name'),
        th('subjects.col.kind'),
        th('subjects.col.country'),
        th('subjects.col.source'),
        th('subjects.col.status'),
        th('subjects.col.open_hits'),
        h('th', { scope: 'col', t: 'subjects.col.screened_at', tp: { zone: localTimeZone() } }),
      ),
    ),
    tbody,
  );
  return section(
    'subjects.title',
    message,
    tableWrap(table, 'subjects.title'),
    controls.el,
    h('h3', { t: 'subjects.register_title' }),
    register.el,
  );
}
