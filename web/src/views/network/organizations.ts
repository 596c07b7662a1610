// Organisations: the list (filtered by country and type, paged), one organisation's page
// (every name with its language, country, city, types, year established, links,
// external ids, relations) with its editor, and the form for a new organisation. Only
// administrators and overseas offices are offered to write; the server allows an office
// only within its region. PUT sends the `version` read, and a 409 says that someone
// changed the record meanwhile, with a button to reload it.

import { ApiError, api, type Page } from '../../api.js';
import type { Ctx } from '../../app.js';
import { clear, h, replaceChildren, uid, unbindText } from '../../dom.js';
import type { MessageKey } from '../../i18n/core.js';
import {
  NAME_KINDS,
  ORG_NAME_ROW_IGNORE,
  ORG_STATUSES,
  ORG_TYPES,
  canNetwork,
  emptyOrgForm,
  errorTarget,
  formToOrg,
  httpUrl,
  orgNameErrorField,
  orgToForm,
  parseYear,
  rorUrl,
  type OrgFormState,
  type OrgNameRow,
  type Organization,
} from '../../network/logic.js';
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
  type Option,
} from '../../ui.js';
import { CODE_PREFIX, codeChips, codeLabel, codeOption, countryLabel, externalLink, fact, nameText } from './common.js';
import { RowList } from './rows.js';

// ------------------------------------------------------------------ the list

export async function renderOrganizations(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(h('h1', { t: 'nav.network.organizations' }), h('p', { class: 'intro', t: 'net.org.list_intro' }));
  if (canNetwork(ctx.user, 'organizations.write')) {
    main.append(h('p', { class: 'page-actions' }, h('a', { href: '/network/organizations/new', class: 'btn btn-primary new-org', t: 'net.org.new' })));
  }
  const pager = new Pager();
  let country = (ctx.query.get('country') ?? '').toUpperCase();
  let type = ctx.query.get('type') ?? '';
  const tbody = h('tbody');
  const controls = pagerControls(pager, () => void load().catch((err) => filter.setError(err)));

  const typeOptions: Option[] = [{ value: '', label: 'net.org.any_type' }, ...ORG_TYPES.map((t) => codeOption(CODE_PREFIX.org_type, t))];
  const filter = new Form(
    'org-filter',
    [
      { name: 'country', label: 'net.org.filter_country', value: country, maxlength: 2, autocomplete: 'off', spellcheck: false },
      { name: 'type', label: 'net.org.filter_type', type: 'select', options: typeOptions, value: type },
    ],
    'net.org.filter_apply',
    async (f) => {
      country = f.value('country').toUpperCase();
      type = f.value('type');
      pager.reset();
      await load();
    },
    { class: 'filter-form' },
  );

  async function load(): Promise<void> {
    const qs = new URLSearchParams();
    if (country) qs.set('country', country);
    if (type) qs.set('type', type);
    history.replaceState(null, '', qs.toString() ? `/network/organizations?${qs}` : '/network/organizations');
    tbody.setAttribute('aria-busy', 'true');
    try {
      const page = await api.get<Page<Organization>>('/organizations', { country, type, limit: 25, cursor: pager.cursor });
      pager.next = page.next_cursor;
      clear(tbody);
      if (!page.items.length) tbody.append(emptyRow(5));
      for (const o of page.items) {
        const other = o.names.find((n) => n.kind === 'label' && n.value !== o.display_name);
        tbody.append(
          h(
            'tr',
            { 'data-org': o.id },
            h(
              'td',
              { class: 'name-cell' },
              h('a', { href: `/network/organizations/${o.id}` }, nameText(o.display_name)),
              other ? h('span', { class: 'other-name muted', dir: 'auto', lang: other.lang || undefined }, other.value) : null,
            ),
            h('td', null, countryLabel(o.country)),
            h('td', { dir: 'auto' }, o.city || '—'),
            h('td', null, codeChips(CODE_PREFIX.org_type, o.types) ?? '—'),
            h('td', null, o.ror ? externalLink(rorUrl(o.ror), o.ror) : '—'),
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
    { class: 'data-table orgs-table' },
    h('caption', { class: 'visually-hidden', t: 'nav.network.organizations' }),
    h('thead', null, h('tr', null, th('net.org.col.name'), th('net.org.country'), th('net.org.city'), th('net.org.types'), th('net.ror'))),
    tbody,
  );
  main.append(section('net.org.list_title', filter.el, tableWrap(table, 'nav.network.organizations'), controls.el));
  try {
    await load();
  } catch (err) {
    filter.setError(err);
  }
}

// ------------------------------------------------------------------ one organisation

// The organisation just created on the "new" page, whose page then says so.
let justCreated: number | null = null;

export async function renderOrganization(main: HTMLElement, ctx: Ctx, id: number): Promise<void> {
  main.append(h('p', { class: 'back-link' }, h('a', { href: '/network/organizations', t: 'net.org.back' })));
  const heading = h('h1', { t: 'net.org.title' });
  const loading = h('p', { class: 'loading', t: 'common.loading' });
  main.append(heading, loading);
  const org = await api.get<Organization>(`/organizations/${id}`);
  loading.remove();
  const content = h('div', { class: 'org-content' });
  const show = (o: Organization) => {
    // The heading said "Organisation" while loading; its name must survive a language switch.
    unbindText(heading, nameText(o.display_name));
    heading.classList.add('org-name');
    replaceChildren(content, ...orgContent(o));
  };
  show(org);
  if (justCreated === org.id) {
    const note = messageRegion();
    showSuccess(note, 'net.org.created', { name: org.display_name });
    main.append(note);
  }
  justCreated = null;
  main.append(content);
  if (canNetwork(ctx.user, 'organizations.write')) {
    const editor = orgEditor(ctx, org, { onSaved: (o) => show(o), onReloaded: (o) => show(o) });
    const toggle = h('button', { type: 'button', class: 'btn edit-org', 'aria-expanded': 'false', 'aria-controls': editor.id, t: 'net.org.edit' });
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

function orgContent(o: Organization): HTMLElement[] {
  const out: HTMLElement[] = [];
  out.push(
    h(
      'div',
      { class: 'panel' },
      h(
        'dl',
        { class: 'facts org-facts' },
        fact('net.ror', o.ror ? externalLink(rorUrl(o.ror), o.ror) : null),
        fact('net.org.country', countryLabel(o.country)),
        fact('net.org.city', o.city ? h('span', { dir: 'auto' }, o.city) : null),
        fact('net.org.types', codeChips(CODE_PREFIX.org_type, o.types)),
        fact('net.org.status', o.status ? codeLabel(CODE_PREFIX.org_status, o.status) : null),
        fact('net.org.established', o.established === null || o.established === undefined ? null : String(o.established)),
        o.region ? fact('net.org.region_served', codeLabel(CODE_PREFIX.region, o.region)) : [],
        fact('net.org.source', o.source ? codeLabel(CODE_PREFIX.source, o.source) : null),
        fact('net.org.version', String(o.version)),
      ),
    ),
  );

  const namesBody = h('tbody');
  for (const n of o.names ?? []) {
    namesBody.append(
      h(
        'tr',
        { 'data-kind': n.kind },
        h('td', { class: 'name-cell' }, nameText(n.value, n.lang)),
        h('td', { class: 'code' }, n.lang || '—'),
        h('td', null, codeLabel(CODE_PREFIX.name_kind, n.kind)),
      ),
    );
  }
  if (!o.names?.length) namesBody.append(emptyRow(3));
  out.push(
    section(
      'net.org.names',
      tableWrap(
        h(
          'table',
          { class: 'data-table org-names-table' },
          h('caption', { class: 'visually-hidden', t: 'net.org.names' }),
          h('thead', null, h('tr', null, th('net.org.col.name'), th('net.org.col.lang'), th('net.org.col.kind'))),
          namesBody,
        ),
        'net.org.names',
      ),
    ),
  );

  const ids = Object.entries(o.external_ids ?? {});
  out.push(
    section(
      'net.org.links_ids',
      h(
        'dl',
        { class: 'facts org-links' },
        fact(
          'net.org.links',
          o.links?.length ? h('ul', { class: 'plain-list' }, o.links.map((l) => h('li', null, externalLink(httpUrl(l), l)))) : null,
        ),
        fact('net.org.domains', o.domains?.length ? h('ul', { class: 'plain-list' }, o.domains.map((d) => h('li', { class: 'code', dir: 'ltr' }, d))) : null),
        fact(
          'net.org.external_ids',
          ids.length
            ? h('ul', { class: 'plain-list external-ids' }, ids.map(([k, v]) => h('li', null, h('span', { class: 'code' }, k.toUpperCase()), ' ', h('span', { class: 'code', dir: 'ltr' }, v))))
            : null,
        ),
      ),
    ),
  );

  const relBody = h('tbody');
  for (const r of o.relations ?? []) {
    relBody.append(
      h(
        'tr',
        null,
        h('td', null, codeLabel(CODE_PREFIX.relation, r.type)),
        h('td', { class: 'name-cell' }, r.label ? nameText(r.label) : '—'),
        h('td', null, r.ror ? externalLink(rorUrl(r.ror), r.ror) : '—'),
      ),
    );
  }
  if (!o.relations?.length) relBody.append(emptyRow(3));
  out.push(
    section(
      'net.org.relations',
      tableWrap(
        h(
          'table',
          { class: 'data-table relations-table' },
          h('caption', { class: 'visually-hidden', t: 'net.org.relations' }),
          h('thead', null, h('tr', null, th('net.org.col.relation'), th('net.org.col.name'), th('net.ror'))),
          relBody,
        ),
        'net.org.relations',
      ),
    ),
  );
  return out;
}

// ------------------------------------------------------------------ the editor

interface OrgEditorOptions {
  onSaved?: (o: Organization) => void;
  onCreated?: (o: Organization) => void;
  onReloaded?: (o: Organization) => void;
}

function orgEditor(ctx: Ctx, org: Organization | null, options: OrgEditorOptions): HTMLElement {
  let current = org;
  const titleId = uid('org-editor');
  const statusOptions = ORG_STATUSES.map((s) => codeOption(CODE_PREFIX.org_status, s));
  const form = new Form(
    'org',
    [
      { name: 'display_name', label: 'net.org.field.display_name', hint: 'net.org.field.display_name_hint', required: true, dir: 'auto', autocomplete: 'off', maxlength: 300 },
      { name: 'display_lang', label: 'net.org.field.display_lang', hint: 'net.field.lang_hint', autocomplete: 'off', maxlength: 8, spellcheck: false },
      { name: 'country', label: 'net.org.field.country', required: true, autocomplete: 'off', maxlength: 2, spellcheck: false },
      { name: 'city', label: 'net.org.field.city', dir: 'auto', autocomplete: 'off', maxlength: 200 },
      { name: 'ror', label: 'net.org.field.ror', hint: 'net.ror_hint', autocomplete: 'off', maxlength: 40, spellcheck: false },
      { name: 'status', label: 'net.org.field.status', type: 'select', options: statusOptions, value: 'active' },
      { name: 'established', label: 'net.org.field.established', autocomplete: 'off', maxlength: 5, inputmode: 'numeric' },
      { name: 'links', label: 'net.org.field.links', type: 'textarea', rows: 2, dir: 'ltr', spellcheck: false },
      { name: 'domains', label: 'net.org.field.domains', type: 'textarea', rows: 2, dir: 'ltr', spellcheck: false },
    ],
    current ? 'common.save' : 'net.org.create_submit',
    async (f) => save(f),
    { class: 'org-form', labelledBy: titleId },
  );

  const typesBox = h('div', { class: 'theme-boxes type-boxes' });
  const typesId = uid('types');
  form.input('domains').closest('.field')?.after(
    h('div', { class: 'field field-wide types-field', role: 'group', 'aria-labelledby': typesId }, h('p', { id: typesId, class: 'label', t: 'net.org.field.types' }), typesBox),
  );
  const fillTypes = (selected: string[]) => {
    typesBox.replaceChildren();
    const all = [...ORG_TYPES, ...selected.filter((t) => !(ORG_TYPES as readonly string[]).includes(t))];
    for (const type of all) {
      const id = uid('type');
      const box = h('input', { type: 'checkbox', id, name: 'types', value: type });
      box.checked = selected.includes(type);
      typesBox.append(h('span', { class: 'theme-option' }, box, h('label', { for: id }, codeLabel(CODE_PREFIX.org_type, type))));
    }
  };

  const kindOptions = (value: string): Option[] => {
    const opts = NAME_KINDS.map((k) => codeOption(CODE_PREFIX.name_kind, k));
    if (value && !(NAME_KINDS as readonly string[]).includes(value)) opts.push({ value, text: value });
    return opts;
  };
  const names = new RowList(
    form,
    'names',
    ['value', 'lang', 'kind'],
    (values) => [
      { label: 'net.org.field.name_value', dir: 'auto', autocomplete: 'off', maxlength: 300 },
      { label: 'net.org.field.name_lang', hint: 'net.field.lang_hint', autocomplete: 'off', maxlength: 8, spellcheck: false },
      { label: 'net.org.field.name_kind', type: 'select', options: kindOptions(values.kind ?? 'label'), value: values.kind || 'label' },
    ],
    { title: 'net.org.field.names', row: 'net.org.name_row', add: 'net.org.add_name', empty: 'net.rows.none' },
    'value',
    ORG_NAME_ROW_IGNORE,
  );
  const kept = h('p', { class: 'muted', t: 'net.org.kept' });
  const actions = form.submit.parentElement!;
  form.el.insertBefore(names.el, actions);
  form.el.insertBefore(kept, actions);

  form.fieldFor = (apiField) => {
    const shifted = orgNameErrorField(apiField);
    if (shifted === 'display_name' || shifted === 'display_lang') return shifted;
    const row = names.inputFor(shifted);
    if (row) return row;
    const target = errorTarget(apiField);
    return target && !target.row && form.has(target.field) ? target.field : null;
  };

  const fill = (o: Organization | null) => {
    const s = o ? orgToForm(o) : emptyOrgForm();
    for (const key of ['display_name', 'display_lang', 'country', 'city', 'ror', 'status', 'established', 'links', 'domains'] as const) form.set(key, s[key]);
    fillTypes(s.types);
    names.setAll(s.names as unknown as Record<string, string>[]);
  };
  const read = (): OrgFormState => ({
    display_name: form.rawValue('display_name'),
    display_lang: form.rawValue('display_lang'),
    names: names.values() as unknown as OrgNameRow[],
    ror: form.rawValue('ror'),
    country: form.rawValue('country'),
    city: form.rawValue('city'),
    types: [...typesBox.querySelectorAll<HTMLInputElement>('input[name="types"]')].filter((b) => b.checked).map((b) => b.value),
    status: form.rawValue('status'),
    established: form.rawValue('established'),
    links: form.rawValue('links'),
    domains: form.rawValue('domains'),
  });

  const reload = async () => {
    if (!current) return;
    try {
      current = await api.get<Organization>(`/organizations/${current.id}`);
      fill(current);
      options.onReloaded?.(current);
      showSuccess(form.message, 'net.reloaded', { version: current.version });
    } catch (err) {
      showError(form.message, err);
    }
  };

  async function save(f: Form): Promise<void> {
    if (!f.value('display_name')) return f.fieldError('display_name', 'net.name_required');
    if (parseYear(f.value('established')) === 'invalid') return f.fieldError('established', 'net.org.bad_year');
    const body = formToOrg(read(), current);
    let saved: Organization;
    try {
      if (current) {
        body.version = current.version;
        saved = await api.put<Organization>(`/organizations/${current.id}`, body);
      } else {
        saved = await api.post<Organization>('/organizations', body);
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.code === 'failed_precondition') {
        showError(f.message, err, 'net.stale', { withDetail: true });
        const again = h('button', { type: 'button', class: 'btn btn-small reload', t: 'net.reload' });
        again.addEventListener('click', () => void reload());
        f.message.append(h('p', null, again));
        again.focus();
        return;
      }
      if (err instanceof ApiError && err.status === 403) {
        showError(f.message, err, 'net.org.edit_forbidden', { withDetail: true });
        return;
      }
      throw err;
    }
    if (!current) {
      options.onCreated?.(saved);
      return;
    }
    current = saved;
    fill(saved);
    f.success('net.org.saved', { name: saved.display_name, version: saved.version });
    ctx.announce('net.org.saved', { name: saved.display_name, version: saved.version });
    options.onSaved?.(saved);
  }

  fill(current);
  const title: MessageKey = current ? 'net.org.edit_title' : 'net.org.new_title';
  const el = h('section', { class: 'panel org-editor', id: uid('org-editor-section'), 'aria-labelledby': titleId }, h('h2', { id: titleId, t: title }), form.el);
  return el;
}

export async function renderNewOrganization(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(
    h('p', { class: 'back-link' }, h('a', { href: '/network/organizations', t: 'net.org.back' })),
    h('h1', { t: 'net.org.new_title' }),
    h('p', { class: 'intro', t: 'net.org.new_intro' }),
  );
  if (!canNetwork(ctx.user, 'organizations.write')) {
    const note = messageRegion();
    note.append(h('p', { class: 'msg-main', t: 'net.org.edit_forbidden' }));
    main.append(note);
  }
  main.append(
    orgEditor(ctx, null, {
      onCreated: (o) => {
        justCreated = o.id;
        ctx.navigate(`/network/organizations/${o.id}`);
        ctx.announce('net.org.created', { name: o.display_name });
      },
    }),
  );
}
