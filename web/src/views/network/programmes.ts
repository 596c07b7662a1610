// Exchange programmes (docs/network.md): the list with its filters (kind, country,
// region), one programme with its participants and their statuses, the editor for a new
// or an existing programme, adding a participant (a person found by search), and moving
// a participant's status forward — only the transitions the table allows, "reported"
// with its report. A person's own programmes are a section of their profile page.
// Writes are offered to administrators, programme officers and the office of the
// programme's region; the server decides, and a refusal is shown where it happened.

import { ApiError, api, type Page } from '../../api.js';
import type { Ctx } from '../../app.js';
import { bindBilingual, clear, h, replaceChildren, uid, unbindText } from '../../dom.js';
import type { MessageKey } from '../../i18n/core.js';
import { REGIONS, THEMES, canNetwork, mayActInRegion } from '../../network/logic.js';
import {
  PROGRAMME_KINDS,
  PROGRAMME_STATUSES,
  ROLES_BY_KIND,
  callState,
  countByStatus,
  emptyProgrammeForm,
  formToProgramme,
  isProgrammeKind,
  isoDay,
  offeredStatuses,
  parseProgrammeFilters,
  participantBody,
  programmeFiltersQuery,
  programmeToForm,
  requiresReport,
  transitionBody,
  transitionProblem,
  type Participation,
  type Programme,
  type ProgrammeFormState,
} from '../../network/programmes.js';
import { Form, Pager, emptyRow, messageRegion, pagerControls, section, showError, showSuccess, tableWrap, th, type Option } from '../../ui.js';
import { CODE_PREFIX, codeChips, codeLabel, codeOption, countryLabel, fact, nameText, period } from './common.js';
import { Picker } from './picker.js';

const KIND = 'progkind';
const ROLE = 'progrole';
const STATUS = 'partstatus';
const PSTATUS = 'progstatus';

// A programme's name: the Japanese one in the Japanese UI when there is one.
function programmeName(p: Pick<Programme, 'name' | 'name_ja'>, tag: 'span' | 'h1' = 'span'): HTMLElement {
  return bindBilingual(h(tag, { class: 'programme-name' }), p.name_ja ?? '', p.name);
}

function statusBadge(status: string): HTMLElement {
  return h('span', { class: ['badge', 'status-badge', `st-${status}`], 'data-status': status }, codeLabel(STATUS, status));
}

const mayManage = (ctx: Ctx, p: Pick<Programme, 'region'>) =>
  canNetwork(ctx.user, 'exchange.write') && mayActInRegion(ctx.user, p.region, ['programme_officer']);

// ------------------------------------------------------------------ the list

export async function renderProgrammes(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(h('h1', { t: 'nav.network.programmes' }), h('p', { class: 'intro', t: 'prog.list_intro' }));
  if (canNetwork(ctx.user, 'exchange.write')) {
    main.append(h('p', { class: 'page-actions' }, h('a', { href: '/network/programmes/new', class: 'btn btn-primary new-programme', t: 'prog.new' })));
  }
  let filters = parseProgrammeFilters(ctx.query);
  const pager = new Pager();
  const tbody = h('tbody');
  const controls = pagerControls(pager, () => void load().catch((err) => filter.setError(err)));
  const kindOptions: Option[] = [{ value: '', label: 'prog.any_kind' }, ...PROGRAMME_KINDS.map((k) => codeOption(KIND, k))];
  const regionOptions: Option[] = [{ value: '', label: 'prog.any_region' }, ...REGIONS.map((r) => codeOption(CODE_PREFIX.region, r))];
  const filter = new Form(
    'prog-filter',
    [
      { name: 'kind', label: 'prog.filter_kind', type: 'select', options: kindOptions, value: filters.kind },
      { name: 'country', label: 'net.org.filter_country', value: filters.country, maxlength: 2, autocomplete: 'off', spellcheck: false },
      { name: 'region', label: 'prog.filter_region', type: 'select', options: regionOptions, value: filters.region },
    ],
    'net.org.filter_apply',
    async (f) => {
      filters = { kind: f.value('kind'), country: f.value('country').toUpperCase(), region: f.value('region') };
      pager.reset();
      await load();
    },
    { class: 'filter-form' },
  );

  async function load(): Promise<void> {
    const qs = programmeFiltersQuery(filters);
    history.replaceState(null, '', qs ? `/network/programmes?${qs}` : '/network/programmes');
    tbody.setAttribute('aria-busy', 'true');
    try {
      const page = await api.get<Page<Programme>>('/exchange-programmes', { ...filters, limit: 25, cursor: pager.cursor });
      pager.next = page.next_cursor;
      clear(tbody);
      if (!page.items.length) tbody.append(emptyRow(7));
      for (const p of page.items) {
        tbody.append(
          h(
            'tr',
            { 'data-programme': p.id },
            h('td', { class: 'name-cell' }, h('a', { href: `/network/programmes/${p.id}` }, programmeName(p))),
            h('td', null, codeLabel(KIND, p.kind)),
            h('td', null, countryLabel(p.country)),
            h('td', { class: 'name-cell' }, p.org_id ? h('a', { href: `/network/organizations/${p.org_id}` }, nameText(p.org_name)) : p.org_name ? nameText(p.org_name) : '—'),
            h('td', null, period(p.start, p.end)),
            h('td', null, codeLabel(PSTATUS, p.status)),
            h('td', { class: 'num' }, String(p.participant_count ?? 0)),
          ),
        );
      }
      controls.update();
    } finally {
      tbody.removeAttribute('aria-busy');
    }
  }

  const table = h(
    'table',
    { class: 'data-table programmes-table' },
    h('caption', { class: 'visually-hidden', t: 'nav.network.programmes' }),
    h(
      'thead',
      null,
      h('tr', null, th('prog.col.name'), th('prog.col.kind'), th('net.org.country'), th('net.col.organization'), th('net.col.period'), th('prog.col.status'), th('prog.col.participants')),
    ),
    tbody,
  );
  main.append(section('prog.list_title', filter.el, tableWrap(table, 'nav.network.programmes'), controls.el));
  await load().catch((err) => {
    if (err instanceof ApiError && err.status === 403) throw err;
    filter.setError(err);
  });
}

// ------------------------------------------------------------------ one programme

let justCreated: number | null = null;

export async function renderProgramme(main: HTMLElement, ctx: Ctx, id: number): Promise<void> {
  main.append(h('p', { class: 'back-link' }, h('a', { href: '/network/programmes', t: 'prog.back' })));
  const heading = h('h1', { t: 'prog.title' });
  const loading = h('p', { class: 'loading', t: 'common.loading' });
  main.append(heading, loading);
  let programme = await api.get<Programme>(`/exchange-programmes/${id}`);
  loading.remove();
  const facts = h('div', { class: 'programme-facts-holder' });
  const participants = h('div', { class: 'participants-holder' });
  const note = messageRegion();
  main.append(note, facts, participants);
  if (justCreated === programme.id) showSuccess(note, 'prog.created', { name: programme.name });
  justCreated = null;

  // The server says whether the caller may run this programme; the roles decide when an
  // older server does not.
  const manage = typeof programme.may_manage === 'boolean' ? programme.may_manage : mayManage(ctx, programme);
  const show = (p: Programme) => {
    programme = p;
    unbindText(heading, programmeName(p));
    heading.classList.add('programme-title');
    replaceChildren(facts, programmeFacts(p));
    replaceChildren(participants, participantsSection(ctx, p, manage, reload));
  };
  const reload = async () => {
    show(await api.get<Programme>(`/exchange-programmes/${id}`));
  };
  show(programme);

  if (manage) {
    main.append(addParticipantSection(ctx, () => programme, reload));
    const editor = programmeEditor(ctx, programme, { onSaved: (p) => void reload().catch(() => show({ ...programme, ...p })) });
    const toggle = h('button', { type: 'button', class: 'btn edit-programme', 'aria-expanded': 'false', 'aria-controls': editor.id, t: 'prog.edit' });
    editor.hidden = true;
    toggle.addEventListener('click', () => {
      const open = editor.hidden;
      editor.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      if (open) editor.querySelector<HTMLElement>('input')?.focus();
    });
    main.append(h('p', { class: 'page-actions' }, toggle), editor);
  }
}

function programmeFacts(p: Programme): HTMLElement {
  const call = p.kind === 'reinvitation';
  const state = callState(p, isoDay(new Date()));
  return h(
    'div',
    { class: 'panel' },
    h(
      'dl',
      { class: 'facts programme-facts' },
      fact('prog.col.kind', codeLabel(KIND, p.kind)),
      fact('prog.col.status', codeLabel(PSTATUS, p.status)),
      fact('net.org.country', countryLabel(p.country)),
      fact('net.facet.region', p.region ? codeLabel(CODE_PREFIX.region, p.region) : null),
      fact('prog.organization', p.org_id ? h('a', { href: `/network/organizations/${p.org_id}` }, nameText(p.org_name)) : p.org_name ? nameText(p.org_name) : null),
      fact('net.facet.theme', codeChips(CODE_PREFIX.theme, p.themes)),
      fact('net.col.period', p.start || p.end ? period(p.start, p.end) : null),
      call
        ? fact(
            'prog.call',
            h('span', null, period(p.call_open, p.call_close), ' ', h('span', { class: ['badge', `call-${state}`], t: `prog.call_state.${state}` as MessageKey })),
          )
        : [],
      p.name_ja && p.name_ja !== p.name ? fact('prog.field.name_ja', h('span', { lang: 'ja' }, p.name_ja)) : [],
      fact('prog.field.description', p.description ? h('p', { class: 'pre-line', dir: 'auto' }, p.description) : null),
    ),
  );
}

function participantsSection(ctx: Ctx, p: Programme, manage: boolean, reload: () => Promise<void>): HTMLElement {
  const list = p.participants ?? [];
  const counts = countByStatus(p.kind, list);
  const summary = counts.length
    ? h('ul', { class: 'inline-list status-counts' }, counts.map((c) => h('li', { class: 'chip', 'data-status': c.status }, codeLabel(STATUS, c.status), ' ', h('span', { class: 'num' }, String(c.count)))))
    : null;
  const tbody = h('tbody');
  const cols = manage ? 6 : 5;
  if (!list.length) tbody.append(emptyRow(cols));
  for (const part of list) tbody.append(participantRow(ctx, p, part, manage, reload));
  const headers = [th('prog.col.person'), th('prog.col.role'), th('net.col.period'), th('prog.col.status'), th('prog.col.notes')];
  if (manage) headers.push(th('prog.col.move'));
  return section(
    'prog.participants',
    summary,
    tableWrap(
      h('table', { class: 'data-table participants-table' }, h('caption', { class: 'visually-hidden', t: 'prog.participants' }), h('thead', null, h('tr', null, headers)), tbody),
      'prog.participants',
    ),
  );
}

function participantRow(ctx: Ctx, p: Programme, part: Participation, manage: boolean, reload: () => Promise<void>): HTMLElement {
  const person = h(
    'td',
    { class: 'name-cell' },
    h('a', { href: `/network/people/${part.person_id}` }, nameText(part.person_name || part.person_latin_name)),
    part.person_latin_name && part.person_latin_name !== part.person_name ? h('span', { class: 'other-name muted', dir: 'auto' }, part.person_latin_name) : null,
  );
  const notes = h(
    'td',
    { class: 'notes-cell' },
    part.org_name ? h('p', null, part.org_id ? h('a', { href: `/network/organizations/${part.org_id}` }, nameText(part.org_name)) : nameText(part.org_name)) : null,
    part.note ? h('p', { class: 'pre-line note', dir: 'auto' }, h('span', { class: 'muted', t: 'prog.note' }), ' ', part.note) : null,
    part.report ? h('p', { class: 'pre-line report', dir: 'auto' }, h('span', { class: 'muted', t: 'prog.report' }), ' ', part.report) : null,
  );
  if (!notes.childElementCount) notes.append('—');
  const row = h(
    'tr',
    { 'data-participant': part.id, 'data-person': part.person_id, 'data-status': part.status },
    person,
    h('td', null, part.role ? codeLabel(ROLE, part.role) : '—'),
    h('td', null, period(part.start, part.end)),
    h('td', null, statusBadge(part.status)),
    notes,
  );
  if (manage) row.append(h('td', { class: 'move-cell' }, moveControl(ctx, p, part, reload)));
  return row;
}

// "Move to": the statuses the table allows next, a report box when "reported" is chosen,
// and a button. A final status shows that nothing follows.
function moveControl(ctx: Ctx, p: Programme, part: Participation, reload: () => Promise<void>): HTMLElement {
  const next = offeredStatuses(p.kind, part);
  if (!next.length) return h('span', { class: 'muted', t: 'prog.final' });
  const selectId = uid('move');
  const reportId = uid('report');
  const select = h('select', { id: selectId, name: 'status', class: 'move-status' });
  for (const s of next) select.append(h('option', { value: s, t: `${STATUS}.${s}` as MessageKey }));
  const report = h('textarea', { id: reportId, name: 'report', rows: 3, dir: 'auto', class: 'move-report' });
  report.value = part.report ?? '';
  const reportField = h('div', { class: 'field report-field' }, h('label', { for: reportId, t: 'prog.report_label' }), report);
  const message = messageRegion();
  const button = h('button', { type: 'submit', class: 'btn btn-small move-button', t: 'prog.move' });
  const form = h(
    'form',
    { class: 'move-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: selectId, t: 'prog.move_to', tp: { name: part.person_name || part.person_latin_name } }), select),
    reportField,
    h('div', { class: 'form-actions' }, button),
    message,
  );
  const sync = () => (reportField.hidden = !requiresReport(select.value));
  select.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const problem = transitionProblem(p.kind, part.status, select.value, report.value, next);
      if (problem === 'report_required') {
        showError(message, null, 'prog.report_required');
        report.setAttribute('aria-invalid', 'true');
        report.focus();
        return;
      }
      if (problem) {
        showError(message, null, 'prog.not_allowed');
        return;
      }
      button.disabled = true;
      try {
        await api.put<Participation>(`/exchange-programmes/${p.id}/participants/${part.id}`, transitionBody(part, select.value, report.value));
        ctx.announce('prog.moved', { name: part.person_name, status: select.selectedOptions[0]?.textContent ?? select.value });
        await reload();
      } catch (err) {
        button.disabled = false;
        if (err instanceof ApiError && err.status === 409 && err.code === 'failed_precondition') showError(message, err, 'net.stale', { withDetail: true });
        else if (err instanceof ApiError && err.status === 403) showError(message, err, 'prog.forbidden', { withDetail: true });
        else showError(message, err);
      }
    })();
  });
  return form;
}

function addParticipantSection(ctx: Ctx, programme: () => Programme, reload: () => Promise<void>): HTMLElement {
  const p = programme();
  const roles = p.roles?.length ? p.roles : isProgrammeKind(p.kind) ? ROLES_BY_KIND[p.kind] : [];
  const nominate = p.kind === 'reinvitation';
  const titleId = uid('add-part');
  let picker: Picker | null = null;
  const form: Form = new Form(
    'participant',
    [
      { name: 'role', label: 'prog.col.role', type: 'select', options: roles.map((r) => codeOption(ROLE, r)) },
      { name: 'start', label: 'net.aff.start', hint: 'net.date_hint', autocomplete: 'off', maxlength: 10, optional: true },
      { name: 'end', label: 'net.aff.end', hint: 'net.date_hint', autocomplete: 'off', maxlength: 10, optional: true },
      { name: 'note', label: 'prog.note_label', type: 'textarea', rows: 2, dir: 'auto', optional: true, wide: true },
    ],
    nominate ? 'prog.nominate' : 'prog.add_participant',
    async (f: Form): Promise<void> => {
      const person = picker?.value;
      if (!person) return picker?.fieldError('prog.person_required');
      const cur = programme();
      await api.post<Participation>(
        `/exchange-programmes/${cur.id}/participants`,
        participantBody(cur.kind, { person_id: person.id, role: f.value('role'), start: f.value('start'), end: f.value('end'), note: f.rawValue('note') }),
      );
      f.reset();
      picker?.set(null);
      f.success(nominate ? 'prog.nominated' : 'prog.added', { name: person.name });
      ctx.announce(nominate ? 'prog.nominated' : 'prog.added', { name: person.name });
      await reload();
    },
    { class: 'participant-form', labelledBy: titleId },
  );
  picker = new Picker(form, 'person_id', 'person', 'prog.person', { hint: 'prog.person_hint' });
  form.el.querySelector('.form-grid')?.prepend(picker.el);
  if (roles.length <= 1) form.input('role').closest('.field')?.setAttribute('hidden', '');
  const state = callState(p, isoDay(new Date()));
  const warning = state === 'open' ? null : h('p', { class: 'notice call-warning', t: `prog.call_warning.${state}` as MessageKey });
  return h(
    'section',
    { class: 'panel add-participant', 'aria-labelledby': titleId },
    h('h2', { id: titleId, t: nominate ? 'prog.nominate_title' : 'prog.add_title' }),
    warning,
    form.el,
  );
}

// ------------------------------------------------------------------ the editor

interface EditorOptions {
  onSaved?: (p: Programme) => void;
  onCreated?: (p: Programme) => void;
}

function programmeEditor(ctx: Ctx, original: Programme | null, options: EditorOptions): HTMLElement {
  let current = original;
  const titleId = uid('prog-editor');
  const s: ProgrammeFormState = current ? programmeToForm(current) : emptyProgrammeForm();
  const kindOptions = PROGRAMME_KINDS.map((k) => codeOption(KIND, k));
  const form = new Form(
    'programme',
    [
      { name: 'kind', label: 'prog.col.kind', type: 'select', options: kindOptions, value: s.kind, hint: current ? 'prog.kind_fixed' : undefined },
      { name: 'name', label: 'prog.field.name', required: true, dir: 'auto', autocomplete: 'off', maxlength: 300, value: s.name },
      { name: 'name_ja', label: 'prog.field.name_ja', lang: 'ja', autocomplete: 'off', maxlength: 300, optional: true, value: s.name_ja },
      { name: 'country', label: 'prog.field.country', hint: 'prog.field.country_hint', required: true, autocomplete: 'off', maxlength: 2, spellcheck: false, value: s.country },
      { name: 'start', label: 'prog.field.start', hint: 'net.date_hint', autocomplete: 'off', maxlength: 10, optional: true, value: s.start },
      { name: 'end', label: 'prog.field.end', hint: 'net.date_hint', autocomplete: 'off', maxlength: 10, optional: true, value: s.end },
      { name: 'call_open', label: 'prog.field.call_open', type: 'date', optional: true, value: s.call_open },
      { name: 'call_close', label: 'prog.field.call_close', type: 'date', optional: true, value: s.call_close },
      ...(current ? [{ name: 'status', label: 'prog.col.status' as MessageKey, type: 'select' as const, options: PROGRAMME_STATUSES.map((x) => codeOption(PSTATUS, x)), value: s.status }] : []),
      { name: 'description', label: 'prog.field.description', type: 'textarea', rows: 4, dir: 'auto', wide: true, optional: true, value: s.description },
    ],
    current ? 'common.save' : 'prog.create_submit',
    async (f) => save(f),
    { class: 'programme-form', labelledBy: titleId },
  );
  if (current) form.select('kind').disabled = true;
  const org = new Picker(form, 'org_id', 'organization', 'prog.organization', {
    hint: 'prog.organization_hint',
    initial: current?.org_id ? { id: current.org_id, name: current.org_name } : null,
  });
  form.input('country').closest('.field')?.after(org.el);

  const themesBox = h('div', { class: 'theme-boxes' });
  const themesId = uid('themes');
  for (const theme of [...THEMES, ...s.themes.filter((t) => !(THEMES as readonly string[]).includes(t))]) {
    const id = uid('theme');
    const box = h('input', { type: 'checkbox', id, name: 'themes', value: theme });
    box.checked = s.themes.includes(theme);
    themesBox.append(h('span', { class: 'theme-option' }, box, h('label', { for: id }, codeLabel(CODE_PREFIX.theme, theme))));
  }
  form.input('description').closest('.field')?.before(
    h('div', { class: 'field field-wide themes-field', role: 'group', 'aria-labelledby': themesId }, h('p', { id: themesId, class: 'label', t: 'net.field.themes' }), themesBox),
  );

  // The call window belongs to re-invitations only.
  const callFields = ['call_open', 'call_close'].map((n) => form.input(n).closest('.field') as HTMLElement);
  const syncKind = () => callFields.forEach((el) => (el.hidden = form.value('kind') !== 'reinvitation'));
  form.select('kind').addEventListener('change', syncKind);
  syncKind();

  const read = (): ProgrammeFormState => ({
    kind: current ? current.kind : form.value('kind'),
    name: form.rawValue('name'),
    name_ja: form.rawValue('name_ja'),
    description: form.rawValue('description'),
    country: form.rawValue('country'),
    org_id: org.value ? String(org.value.id) : '',
    themes: [...themesBox.querySelectorAll<HTMLInputElement>('input[name="themes"]')].filter((b) => b.checked).map((b) => b.value),
    start: form.rawValue('start'),
    end: form.rawValue('end'),
    call_open: form.rawValue('call_open'),
    call_close: form.rawValue('call_close'),
    status: form.has('status') ? form.rawValue('status') : 'active',
  });

  async function save(f: Form): Promise<void> {
    if (!f.value('name')) return f.fieldError('name', 'net.name_required');
    if (!/^[A-Za-z]{2}$/.test(f.value('country'))) return f.fieldError('country', 'prog.country_required');
    const body = formToProgramme(read(), current);
    try {
      if (current) {
        const saved = await api.put<Programme>(`/exchange-programmes/${current.id}`, body);
        current = saved;
        f.success('prog.saved', { name: saved.name, version: saved.version });
        ctx.announce('prog.saved', { name: saved.name, version: saved.version });
        options.onSaved?.(saved);
      } else {
        options.onCreated?.(await api.post<Programme>('/exchange-programmes', body));
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.code === 'failed_precondition') {
        showError(f.message, err, 'net.stale', { withDetail: true });
        return;
      }
      if (err instanceof ApiError && err.status === 403) {
        showError(f.message, err, 'prog.forbidden', { withDetail: true });
        return;
      }
      throw err;
    }
  }

  return h(
    'section',
    { class: 'panel programme-editor', id: uid('prog-editor-section'), 'aria-labelledby': titleId },
    h('h2', { id: titleId, t: current ? 'prog.edit' : 'prog.new' }),
    form.el,
  );
}

export async function renderNewProgramme(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(
    h('p', { class: 'back-link' }, h('a', { href: '/network/programmes', t: 'prog.back' })),
    h('h1', { t: 'prog.new' }),
    h('p', { class: 'intro', t: 'prog.new_intro' }),
  );
  if (!canNetwork(ctx.user, 'exchange.write')) {
    const note = messageRegion();
    note.append(h('p', { class: 'msg-main', t: 'prog.forbidden' }));
    main.append(note);
  }
  main.append(
    programmeEditor(ctx, null, {
      onCreated: (p) => {
        justCreated = p.id;
        ctx.navigate(`/network/programmes/${p.id}`);
        ctx.announce('prog.created', { name: p.name });
      },
    }),
  );
}

// ------------------------------------------------------------------ on a person's page

export function personProgrammesSection(personId: number): HTMLElement {
  const tbody = h('tbody', { 'aria-busy': 'true' }, h('tr', null, h('td', { colspan: 5, class: 'loading', t: 'common.loading' })));
  const message = messageRegion();
  const el = section(
    'prog.person_title',
    message,
    tableWrap(
      h(
        'table',
        { class: 'data-table person-programmes' },
        h('caption', { class: 'visually-hidden', t: 'prog.person_title' }),
        h('thead', null, h('tr', null, th('prog.col.name'), th('prog.col.kind'), th('prog.col.role'), th('prog.col.status'), th('net.col.period'))),
        tbody,
      ),
      'prog.person_title',
    ),
  );
  el.classList.add('person-programmes-section');
  void (async () => {
    try {
      const r = await api.get<{ items: Participation[] }>(`/people/${personId}/programmes`);
      clear(tbody);
      if (!r.items?.length) tbody.append(emptyRow(5));
      for (const part of r.items ?? []) {
        const prog = part.programme;
        const pid = prog?.id ?? part.programme_id;
        tbody.append(
          h(
            'tr',
            { 'data-programme': pid, 'data-status': part.status },
            h('td', { class: 'name-cell' }, h('a', { href: `/network/programmes/${pid}` }, nameText(prog?.name ?? `#${pid}`))),
            h('td', null, prog?.kind ? codeLabel(KIND, prog.kind) : '—'),
            h('td', null, part.role ? codeLabel(ROLE, part.role) : '—'),
            h('td', null, statusBadge(part.status)),
            h('td', null, period(part.start, part.end)),
          ),
        );
      }
    } catch (err) {
      clear(tbody);
      tbody.append(emptyRow(5));
      showError(message, err);
    } finally {
      tbody.removeAttribute('aria-busy');
    }
  })();
  return el;
}
