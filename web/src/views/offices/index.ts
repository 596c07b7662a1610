// The "Offices" module (docs/network.md, "Overseas offices and cooperation needs"): the
// list of overseas offices with their counts, one office with its region's alumni,
// partner organisations, exchange programmes and cooperation needs (with the form to
// report one and to change a need's status), and the needs across offices with their
// summary by theme and status. Needs are internal: shown to administrators, analysts,
// programme officers and offices; reported and updated by administrators and the office
// of the region. The server enforces it and the pages show a refusal where it happens.

import { ApiError, api, type Page } from '../../api.js';
import type { Ctx } from '../../app.js';
import { clear, h, replaceChildren, uid, unbindText } from '../../dom.js';
import type { MessageKey } from '../../i18n/core.js';
import { REGIONS, THEMES, canNetwork, mayActInRegion } from '../../network/logic.js';
import {
  NEED_STATUSES,
  needFiltersQuery,
  needStatusBody,
  needsMatrix,
  newNeedBody,
  parseNeedFilters,
  type Need,
  type NeedFilters,
  type NeedSummaryItem,
  type OfficeDetail,
  type OfficeSummary,
} from '../../network/offices.js';
import { Form, Pager, emptyRow, forbiddenPanel, isForbidden, messageRegion, pagerControls, section, showError, tableWrap, th, type Option } from '../../ui.js';
import { CODE_PREFIX, codeChips, codeLabel, codeOption, countryLabel, fact, nameText, period } from '../network/common.js';

type Render = (main: HTMLElement, ctx: Ctx, id: number) => Promise<void>;

interface Route {
  pattern: RegExp;
  title: MessageKey;
  nav: string;
  render: Render;
}

const ROUTES: Route[] = [
  { pattern: /^\/offices$/, title: 'nav.offices', nav: '/offices', render: (m, c) => renderOffices(m, c) },
  { pattern: /^\/offices\/needs$/, title: 'nav.offices.needs', nav: '/offices/needs', render: (m, c) => renderNeeds(m, c) },
  { pattern: /^\/offices\/(\d+)$/, title: 'office.title', nav: '/offices', render: renderOffice },
];

function match(path: string): { route: Route; id: number } | null {
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (m) return { route, id: m[1] ? Number(m[1]) : 0 };
  }
  return null;
}

export function officesRoute(path: string): { title: MessageKey; nav: string } | null {
  const m = match(path);
  return m ? { title: m.route.title, nav: m.route.nav } : null;
}

export async function renderOfficesModule(main: HTMLElement, ctx: Ctx): Promise<void> {
  const m = match(ctx.path);
  if (!m) return;
  try {
    await m.route.render(main, ctx, m.id);
  } catch (err) {
    const heading = main.querySelector('h1') ?? h('h1', { t: m.route.title });
    if (isForbidden(err)) replaceChildren(main, heading, forbiddenPanel());
    else {
      const region = messageRegion();
      replaceChildren(main, heading, region);
      showError(region, err);
    }
  }
}

const NEED = 'needstatus';
const KIND = 'progkind';

function needBadge(status: string): HTMLElement {
  return h('span', { class: ['badge', 'status-badge', `need-${status}`], 'data-status': status }, codeLabel(NEED, status));
}

// ------------------------------------------------------------------ the list

async function renderOffices(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(h('h1', { t: 'nav.offices' }), h('p', { class: 'intro', t: 'office.intro' }));
  const needs = canNetwork(ctx.user, 'needs.read');
  const links = h('p', { class: 'page-actions' }, h('a', { href: '/network/map?layer=offices', class: 'btn', t: 'office.see_map' }));
  if (needs) links.append(h('a', { href: '/offices/needs', class: 'btn', t: 'office.see_needs' }));
  main.append(links);
  const r = await api.get<{ items: OfficeSummary[] }>('/offices');
  const tbody = h('tbody');
  if (!r.items?.length) tbody.append(emptyRow(needs ? 5 : 4));
  for (const it of r.items ?? []) {
    const o = it.office;
    tbody.append(
      h(
        'tr',
        { 'data-office': o.id },
        h('td', { class: 'name-cell' }, h('a', { href: `/offices/${o.id}` }, nameText(o.display_name)), o.city ? h('span', { class: 'other-name muted', dir: 'auto' }, o.city) : null),
        h('td', null, o.region ? codeLabel(CODE_PREFIX.region, o.region) : '—'),
        h('td', { class: 'num' }, String(it.alumni_count ?? 0)),
        h('td', { class: 'num' }, String(it.partner_count ?? 0)),
        needs ? h('td', { class: 'num' }, String(it.open_needs ?? 0)) : null,
      ),
    );
  }
  const headers = [th('office.col.office'), th('net.facet.region'), th('office.col.alumni'), th('office.col.partners')];
  if (needs) headers.push(th('office.col.open_needs'));
  main.append(
    section(
      'office.list_title',
      tableWrap(h('table', { class: 'data-table offices-table' }, h('caption', { class: 'visually-hidden', t: 'office.list_title' }), h('thead', null, h('tr', null, headers)), tbody), 'office.list_title'),
    ),
  );
}

// ------------------------------------------------------------------ one office

async function renderOffice(main: HTMLElement, ctx: Ctx, id: number): Promise<void> {
  main.append(h('p', { class: 'back-link' }, h('a', { href: '/offices', t: 'office.back' })));
  const heading = h('h1', { t: 'office.title' });
  const loading = h('p', { class: 'loading', t: 'common.loading' });
  main.append(heading, loading);
  const d = await api.get<OfficeDetail>(`/offices/${id}`);
  loading.remove();
  unbindText(heading, nameText(d.office.display_name));
  const region = d.region || d.office.region;

  main.append(
    h(
      'div',
      { class: 'panel' },
      h(
        'dl',
        { class: 'facts office-facts' },
        fact('net.facet.region', region ? codeLabel(CODE_PREFIX.region, region) : null),
        fact('net.org.country', countryLabel(d.office.country)),
        fact('net.org.city', d.office.city ? h('span', { dir: 'auto' }, d.office.city) : null),
        fact('office.countries', d.countries?.length ? h('ul', { class: 'inline-list chip-list countries' }, d.countries.map((c) => h('li', { class: 'chip code' }, c))) : null),
        fact('office.organisation_page', h('a', { href: `/network/organizations/${d.office.id}` }, h('span', { t: 'office.open_org' }))),
      ),
    ),
  );

  // Alumni
  const aBody = h('tbody');
  if (!d.alumni?.length) aBody.append(emptyRow(2));
  for (const p of d.alumni ?? []) {
    const countries = p.countries ?? (p.country ? [p.country] : []);
    aBody.append(
      h(
        'tr',
        { 'data-person': p.id },
        h('td', { class: 'name-cell' }, h('a', { href: `/network/people/${p.id}` }, nameText(p.name)), p.latin_name && p.latin_name !== p.name ? h('span', { class: 'other-name muted', dir: 'auto' }, p.latin_name) : null),
        h('td', null, countries.length ? h('ul', { class: 'inline-list' }, countries.map((c) => h('li', { class: 'code country-code' }, c))) : '—'),
      ),
    );
  }
  const searchAll = region ? `/network?${new URLSearchParams([['type', 'person'], ['filter', `region:${region}`]])}` : '/network?type=person';
  main.append(
    section(
      'office.alumni',
      h('p', { class: 'result-count', t: 'office.showing', tp: { shown: d.alumni?.length ?? 0, n: d.alumni_count ?? 0 } }),
      tableWrap(
        h('table', { class: 'data-table alumni-table' }, h('caption', { class: 'visually-hidden', t: 'office.alumni' }), h('thead', null, h('tr', null, th('prog.col.person'), th('office.col.countries'))), aBody),
        'office.alumni',
      ),
      h('p', null, h('a', { href: searchAll, t: 'office.search_alumni' })),
    ),
  );

  // Partners
  const pBody = h('tbody');
  if (!d.partners?.length) pBody.append(emptyRow(3));
  for (const o of d.partners ?? []) {
    pBody.append(
      h(
        'tr',
        { 'data-org': o.id },
        h('td', { class: 'name-cell' }, h('a', { href: `/network/organizations/${o.id}` }, nameText(o.display_name))),
        h('td', null, countryLabel(o.country)),
        h('td', null, codeChips(CODE_PREFIX.org_type, o.types) ?? '—'),
      ),
    );
  }
  main.append(
    section(
      'office.partners',
      h('p', { class: 'result-count', t: 'office.showing', tp: { shown: d.partners?.length ?? 0, n: d.partner_count ?? 0 } }),
      tableWrap(
        h('table', { class: 'data-table partners-table' }, h('caption', { class: 'visually-hidden', t: 'office.partners' }), h('thead', null, h('tr', null, th('net.org.col.name'), th('net.org.country'), th('net.org.types'))), pBody),
        'office.partners',
      ),
    ),
  );

  // Programmes
  const gBody = h('tbody');
  if (!d.programmes?.length) gBody.append(emptyRow(5));
  for (const p of d.programmes ?? []) {
    gBody.append(
      h(
        'tr',
        { 'data-programme': p.id },
        h('td', { class: 'name-cell' }, h('a', { href: `/network/programmes/${p.id}` }, nameText(p.name))),
        h('td', null, codeLabel(KIND, p.kind)),
        h('td', null, countryLabel(p.country)),
        h('td', null, period(p.start, p.end)),
        h('td', { class: 'num' }, String(p.participant_count ?? 0)),
      ),
    );
  }
  main.append(
    section(
      'office.programmes',
      tableWrap(
        h(
          'table',
          { class: 'data-table office-programmes' },
          h('caption', { class: 'visually-hidden', t: 'office.programmes' }),
          h('thead', null, h('tr', null, th('prog.col.name'), th('prog.col.kind'), th('net.org.country'), th('net.col.period'), th('prog.col.participants'))),
          gBody,
        ),
        'office.programmes',
      ),
      h('p', null, h('a', { href: `/network/programmes?region=${encodeURIComponent(region)}`, t: 'office.all_programmes' })),
    ),
  );

  // Cooperation needs: only when the API sent them (needs.read).
  if (Array.isArray(d.needs)) {
    const write = typeof d.may_report === 'boolean' ? d.may_report : canNetwork(ctx.user, 'needs.write') && mayActInRegion(ctx.user, region);
    const needsTable = new NeedsTable(ctx, write, false);
    needsTable.set(d.needs);
    const parts: HTMLElement[] = [needsTable.el];
    main.append(section('office.needs', ...parts, h('p', null, h('a', { href: `/offices/needs?office_id=${d.office.id}`, t: 'office.all_needs' }))));
    if (write) main.append(needForm(ctx, d, (n) => needsTable.prepend(n)));
  }
}

// The needs as a table; with `write`, each row has a status select and a button.
class NeedsTable {
  readonly el: HTMLElement;
  private readonly tbody = h('tbody');
  private readonly cols: number;

  constructor(
    private readonly ctx: Ctx,
    private readonly write: boolean,
    private readonly withOffice: boolean,
  ) {
    const headers = [th('office.col.need'), th('net.facet.theme'), th('net.org.country'), th('office.col.partner')];
    if (withOffice) headers.push(th('office.col.office'));
    headers.push(th('office.col.status'));
    if (write) headers.push(th('office.col.change'));
    this.cols = headers.length;
    this.el = tableWrap(
      h('table', { class: 'data-table needs-table' }, h('caption', { class: 'visually-hidden', t: 'office.needs' }), h('thead', null, h('tr', null, headers)), this.tbody),
      'office.needs',
    );
  }

  set(needs: Need[]): void {
    clear(this.tbody);
    if (!needs.length) this.tbody.append(emptyRow(this.cols));
    for (const n of needs) this.tbody.append(this.row(n));
  }

  prepend(n: Need): void {
    this.tbody.querySelector('td.empty')?.closest('tr')?.remove();
    this.tbody.prepend(this.row(n));
  }

  private row(n: Need): HTMLElement {
    const tr = h(
      'tr',
      { 'data-need': n.id, 'data-status': n.status },
      h('td', { class: 'title-cell' }, h('strong', { dir: 'auto', class: 'need-title' }, n.title), n.body ? h('p', { class: 'pre-line muted need-body', dir: 'auto' }, n.body) : null),
      h('td', null, codeLabel(CODE_PREFIX.theme, n.theme)),
      h('td', null, countryLabel(n.country)),
      h('td', { class: 'name-cell' }, n.partner_org_id ? h('a', { href: `/network/organizations/${n.partner_org_id}` }, nameText(n.partner_org_name)) : '—'),
      this.withOffice ? h('td', { class: 'name-cell' }, h('a', { href: `/offices/${n.office_id}` }, nameText(n.office_name))) : null,
      h('td', null, needBadge(n.status)),
    );
    if (this.write) tr.append(h('td', { class: 'move-cell' }, this.statusControl(n, tr)));
    return tr;
  }

  private statusControl(n: Need, tr: HTMLElement): HTMLElement {
    const id = uid('need-status');
    const select = h('select', { id, name: 'status', class: 'need-status' });
    for (const s of NEED_STATUSES) {
      const o = h('option', { value: s, t: `${NEED}.${s}` as MessageKey });
      if (s === n.status) o.selected = true;
      select.append(o);
    }
    const button = h('button', { type: 'submit', class: 'btn btn-small', t: 'office.update' });
    const message = messageRegion();
    const form = h(
      'form',
      { class: 'move-form', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: id, t: 'office.status_of', tp: { title: n.title } }), select),
      h('div', { class: 'form-actions' }, button),
      message,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (select.value === n.status) return;
      void (async () => {
        button.disabled = true;
        try {
          const saved = await api.put<Need>(`/cooperation-needs/${n.id}`, needStatusBody(n, select.value));
          const fresh = this.row(saved);
          tr.replaceWith(fresh);
          this.ctx.announce('office.need_updated', { title: saved.title });
          fresh.querySelector<HTMLElement>('select')?.focus();
        } catch (err) {
          button.disabled = false;
          if (err instanceof ApiError && err.status === 409 && err.code === 'failed_precondition') showError(message, err, 'net.stale', { withDetail: true });
          else if (err instanceof ApiError && err.status === 403) showError(message, err, 'office.needs_forbidden', { withDetail: true });
          else showError(message, err);
        }
      })();
    });
    return form;
  }
}

function needForm(ctx: Ctx, d: OfficeDetail, onCreated: (n: Need) => void): HTMLElement {
  const titleId = uid('need-form');
  const countries: Option[] = [{ value: '', label: 'office.choose_country' }, ...(d.countries ?? []).map((c) => ({ value: c, text: c }))];
  const partners: Option[] = [{ value: '', label: 'office.no_partner' }, ...(d.partners ?? []).map((o) => ({ value: String(o.id), text: `${o.display_name} (${o.country})` }))];
  const form = new Form(
    'need',
    [
      { name: 'country', label: 'office.field.country', type: 'select', options: countries, required: true },
      { name: 'partner_org_id', label: 'office.field.partner', type: 'select', options: partners, optional: true },
      { name: 'theme', label: 'net.facet.theme', type: 'select', options: [{ value: '', label: 'office.choose_theme' }, ...THEMES.map((t) => codeOption(CODE_PREFIX.theme, t))], required: true },
      { name: 'title', label: 'office.field.title', required: true, dir: 'auto', autocomplete: 'off', maxlength: 300, wide: true },
      { name: 'body', label: 'office.field.body', type: 'textarea', rows: 4, dir: 'auto', optional: true, wide: true },
    ],
    'office.report_submit',
    async (f) => {
      if (!f.value('country')) return f.fieldError('country', 'office.country_required');
      if (!f.value('theme')) return f.fieldError('theme', 'office.theme_required');
      if (!f.value('title')) return f.fieldError('title', 'office.title_required');
      try {
        const n = await api.post<Need>(
          '/cooperation-needs',
          newNeedBody(d.office.id, { country: f.value('country'), partner_org_id: f.value('partner_org_id'), theme: f.value('theme'), title: f.rawValue('title'), body: f.rawValue('body') }),
        );
        f.reset();
        f.success('office.need_reported', { title: n.title });
        ctx.announce('office.need_reported', { title: n.title });
        onCreated(n);
      } catch (err) {
        if (err instanceof ApiError && err.status === 403) {
          showError(f.message, err, 'office.needs_forbidden', { withDetail: true });
          return;
        }
        throw err;
      }
    },
    { class: 'need-form', labelledBy: titleId },
  );
  // The partner list pairs with the country: choosing a partner sets its country.
  form.select('partner_org_id').addEventListener('change', () => {
    const org = d.partners.find((o) => String(o.id) === form.value('partner_org_id'));
    if (org && (d.countries ?? []).includes(org.country)) form.set('country', org.country);
  });
  return h('section', { class: 'panel need-editor', 'aria-labelledby': titleId }, h('h2', { id: titleId, t: 'office.report_title' }), form.el);
}

// ------------------------------------------------------------------ needs across offices

async function renderNeeds(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(h('h1', { t: 'nav.offices.needs' }), h('p', { class: 'intro', t: 'needs.intro' }));
  let filters: NeedFilters = parseNeedFilters(ctx.query);
  const regionOptions: Option[] = [{ value: '', label: 'prog.any_region' }, ...REGIONS.map((r) => codeOption(CODE_PREFIX.region, r))];
  const themeOptions: Option[] = [{ value: '', label: 'needs.any_theme' }, ...THEMES.map((t) => codeOption(CODE_PREFIX.theme, t))];
  const statusOptions: Option[] = [{ value: '', label: 'needs.any_status' }, ...NEED_STATUSES.map((s) => codeOption(NEED, s))];
  const pager = new Pager();
  const summary = h('div', { class: 'needs-summary', 'aria-busy': 'true' });
  const table = new NeedsTable(ctx, false, true);
  const controls = pagerControls(pager, () => void loadList().catch((err) => filter.setError(err)));
  const filter = new Form(
    'needs-filter',
    [
      { name: 'region', label: 'prog.filter_region', type: 'select', options: regionOptions, value: filters.region },
      { name: 'theme', label: 'net.facet.theme', type: 'select', options: themeOptions, value: filters.theme },
      { name: 'status', label: 'office.col.status', type: 'select', options: statusOptions, value: filters.status },
    ],
    'net.org.filter_apply',
    async (f) => {
      filters = { ...filters, region: f.value('region'), theme: f.value('theme'), status: f.value('status') };
      pager.reset();
      await Promise.all([loadList(), loadSummary()]);
    },
    { class: 'filter-form' },
  );
  const officeNote = h('p', { class: 'muted office-filter' });

  async function loadSummary(): Promise<void> {
    summary.setAttribute('aria-busy', 'true');
    try {
      const r = await api.get<{ items: NeedSummaryItem[] }>('/cooperation-needs/summary', { region: filters.region });
      summary.replaceChildren(summaryTable(r.items ?? []));
    } finally {
      summary.removeAttribute('aria-busy');
    }
  }

  async function loadList(): Promise<void> {
    const qs = needFiltersQuery(filters);
    history.replaceState(null, '', qs ? `/offices/needs?${qs}` : '/offices/needs');
    if (filters.office_id) {
      officeNote.replaceChildren(h('span', { t: 'needs.one_office' }), ' ');
      const all = h('a', { href: '/offices/needs', t: 'needs.all_offices' });
      all.addEventListener('click', (e) => {
        e.preventDefault();
        filters = { ...filters, office_id: '' };
        officeNote.replaceChildren();
        void loadList().catch((err) => filter.setError(err));
      });
      officeNote.append(all);
    }
    const page = await api.get<Page<Need>>('/cooperation-needs', { ...filters, limit: 25, cursor: pager.cursor });
    pager.next = page.next_cursor;
    table.set(page.items ?? []);
    controls.update();
  }

  main.append(section('needs.summary_title', h('p', { class: 'hint', t: 'needs.summary_hint' }), summary), section('needs.list_title', filter.el, officeNote, table.el, controls.el));
  try {
    await Promise.all([loadSummary(), loadList()]);
  } catch (err) {
    if (isForbidden(err)) throw err;
    filter.setError(err);
  }
}

function summaryTable(items: NeedSummaryItem[]): HTMLElement {
  const m = needsMatrix(items);
  const head = h('tr', null, th('net.facet.theme'), m.statuses.map((s) => h('th', { scope: 'col', class: 'num' }, codeLabel(NEED, s))), h('th', { scope: 'col', class: 'num', t: 'needs.total' }));
  const body = h('tbody');
  for (const theme of m.themes) {
    body.append(
      h(
        'tr',
        { 'data-theme': theme },
        h('th', { scope: 'row' }, codeLabel(CODE_PREFIX.theme, theme)),
        m.statuses.map((s) => h('td', { class: ['num', m.cells[theme]![s] ? 'has-count' : 'is-zero'], 'data-status': s }, String(m.cells[theme]![s] ?? 0))),
        h('td', { class: 'num total' }, String(m.themeTotals[theme] ?? 0)),
      ),
    );
  }
  const foot = h(
    'tfoot',
    null,
    h('tr', null, h('th', { scope: 'row', t: 'needs.total' }), m.statuses.map((s) => h('td', { class: 'num total', 'data-status': s }, String(m.statusTotals[s] ?? 0))), h('td', { class: 'num total grand-total' }, String(m.total))),
  );
  return tableWrap(h('table', { class: 'data-table summary-table' }, h('caption', { class: 'visually-hidden', t: 'needs.summary_title' }), h('thead', null, head), body, foot), 'needs.summary_title');
}
