// Administration: users (list, create, edit, roles), agencies & ministries, and roles.
// Sections are sub-pages (/admin/users, /admin/agencies, /admin/roles) linked from a
// tab bar, so each has its own address and the browser's back button works.

import {
  api,
  fetchAll,
  type Agency,
  type Ministry,
  type Page,
  type RoleGrant,
  type RoleInfo,
  type User,
} from '../api.js';
import type { Ctx } from '../app.js';
import { bindBilingual, bindText, clear, h, replaceChildren, uid } from '../dom.js';
import type { MessageKey } from '../i18n/core.js';
import {
  grantChip,
  languageLabel,
  roleLabel,
  roleOption,
  scopeLabel,
  scopeOption,
  type ScopeNamer,
} from '../labels.js';
import {
  Form,
  Pager,
  emptyRow,
  forbiddenPanel,
  isForbidden,
  messageRegion,
  pagerControls,
  section,
  setOptions,
  showError,
  showSuccess,
  tableWrap,
  th,
  type Option,
} from '../ui.js';

const TABS: { path: string; label: MessageKey }[] = [
  { path: '/admin/users', label: 'admin.tab.users' },
  { path: '/admin/agencies', label: 'admin.tab.agencies' },
  { path: '/admin/roles', label: 'admin.tab.roles' },
];

export async function renderAdmin(main: HTMLElement, ctx: Ctx): Promise<void> {
  const tab = TABS.find((t) => t.path === ctx.path) ?? TABS[0]!;
  main.append(
    h('h1', { t: 'admin.title' }),
    h(
      'nav',
      { class: 'tabs', ta: { 'aria-label': 'admin.tabs_label' } },
      h(
        'ul',
        null,
        TABS.map((t) =>
          h(
            'li',
            null,
            h('a', {
              href: t.path,
              class: 'tab',
              'aria-current': t === tab ? 'page' : undefined,
              t: t.label,
            }),
          ),
        ),
      ),
    ),
  );
  const body = h('div', { class: 'tab-body' });
  main.append(body);
  try {
    if (tab.path === '/admin/users') await renderUsers(body, ctx);
    else if (tab.path === '/admin/agencies') await renderAgencies(body);
    else await renderRoles(body);
  } catch (err) {
    if (isForbidden(err)) replaceChildren(body, forbiddenPanel());
    else {
      const region = messageRegion();
      replaceChildren(body, region);
      showError(region, err);
    }
  }
}

// ---------------------------------------------------------------------------- users

function agencyOptions(agencies: Agency[]): Option[] {
  return [
    { value: '', label: 'users.field.no_agency' },
    ...agencies.map((a) => ({ value: String(a.id), text: `${a.code} — ${a.name_en || a.name}` })),
  ];
}

const LANGUAGE_OPTIONS: Option[] = [
  { value: 'ja', label: 'lang.name.ja' },
  { value: 'en', label: 'lang.name.en' },
];

async function renderUsers(body: HTMLElement, ctx: Ctx): Promise<void> {
  const loading = h('p', { class: 'loading', t: 'common.loading' });
  body.append(loading);
  // The first list request also tells whether the caller may be here at all.
  const pager = new Pager();
  let query = '';
  const [firstPage, roles, agencies] = await Promise.all([
    api.get<Page<User>>('/users', { limit: 25 }),
    api.get<{ items: RoleInfo[] }>('/roles').then((r) => r.items),
    fetchAll<Agency>('/agencies').catch(() => [] as Agency[]),
  ]);
  loading.remove();
  const agencyById = new Map(agencies.map((a) => [a.id, a]));

  // List --------------------------------------------------------------------------
  const listMessage = messageRegion();
  const tbody = h('tbody');
  const table = h(
    'table',
    { class: 'data-table users-table' },
    h('caption', { class: 'visually-hidden', t: 'users.title' }),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        th('users.col.display_name'),
        th('users.col.latin_name'),
        th('users.col.email'),
        th('users.col.language'),
        th('users.col.roles'),
        th('users.col.agency'),
        h('th', { scope: 'col', class: 'sticky-end', t: 'common.actions' }),
      ),
    ),
    tbody,
  );
  const searchId = uid('user-search');
  const searchInput = h('input', { id: searchId, type: 'search', name: 'q', autocomplete: 'off' });
  const clearButton = h('button', { type: 'reset', class: 'btn', t: 'common.clear' });
  const searchForm = h(
    'form',
    { class: 'search-form', role: 'search' },
    h('label', { for: searchId, t: 'users.search_label' }),
    h(
      'div',
      { class: 'inline-controls' },
      searchInput,
      h('button', { type: 'submit', class: 'btn', t: 'common.search' }),
      clearButton,
    ),
  );
  const controls = pagerControls(pager, () => void load());

  // The agency's code keeps the table narrow; its names are in the tooltip.
  const agencyCell = (id: number | null) => {
    const td = h('td');
    if (id === null) {
      bindText(td, 'common.none');
      return td;
    }
    const a = agencyById.get(id);
    if (a) td.append(h('abbr', { title: `${a.name} / ${a.name_en}`, class: 'code' }, a.code));
    else td.textContent = `#${id}`;
    return td;
  };
  const nameScope: ScopeNamer = (type, scopeId) =>
    type === 'agency' ? (agencyById.get(Number(scopeId))?.code ?? null) : null;

  const renderRows = (users: User[]) => {
    clear(tbody);
    if (users.length === 0) tbody.append(emptyRow(7));
    for (const u of users) {
      const edit = h('button', {
        type: 'button',
        class: 'btn btn-small',
        ta: { 'aria-label': ['users.edit_title', { name: u.display_name }] },
        t: 'common.edit',
      });
      edit.addEventListener('click', () => void selectUser(u.id));
      tbody.append(
        h(
          'tr',
          { 'data-user-id': u.id },
          h(
            'td',
            { class: 'name-cell' },
            h('span', { dir: 'auto', class: 'name' }, u.display_name),
            u.disabled ? [' ', h('span', { class: 'status status-off', t: 'users.status.disabled' })] : null,
          ),
          h('td', { dir: 'auto' }, u.latin_name),
          h('td', { class: 'email-cell' }, u.email),
          h('td', null, languageLabel(u.language)),
          h(
            'td',
            { class: 'roles-cell' },
            u.roles.length ? u.roles.map((g) => grantChip(g, nameScope)) : h('span', { t: 'common.none' }),
          ),
          agencyCell(u.agency_id),
          h('td', { class: 'sticky-end' }, edit),
        ),
      );
    }
  };

  const show = (page: Page<User>) => {
    pager.next = page.next_cursor;
    renderRows(page.items);
    controls.update();
  };

  async function load(): Promise<void> {
    tbody.setAttribute('aria-busy', 'true');
    try {
      show(await api.get<Page<User>>('/users', { limit: 25, cursor: pager.cursor, q: query }));
    } catch (err) {
      showError(listMessage, err);
    } finally {
      tbody.removeAttribute('aria-busy');
    }
  }

  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    query = searchInput.value.trim();
    pager.reset();
    void load();
  });
  searchForm.addEventListener('reset', () => {
    query = '';
    pager.reset();
    void load();
  });

  show(firstPage);

  // Edit panel ----------------------------------------------------------------------
  const editTitle = h('h2', { id: uid('edit-title'), tabindex: -1 });
  const editBody = h('div', { class: 'edit-body' });
  const editPanel = h(
    'section',
    { class: 'panel', 'aria-labelledby': editTitle.id },
    editTitle,
    editBody,
  );
  bindText(editTitle, 'users.edit_title', { name: '…' });
  editPanel.hidden = true;

  async function selectUser(id: number, message?: [MessageKey, Record<string, string>]): Promise<void> {
    const user = await api.get<User>(`/users/${id}`);
    editPanel.hidden = false;
    bindText(editTitle, 'users.edit_title', { name: user.display_name });
    replaceChildren(editBody, ...editUserContent(user, roles, agencies, ctx, nameScope, async (updated, msg) => {
      await load();
      if (updated.id === ctx.user.id) ctx.updateUser(updated);
      await selectUser(updated.id, msg);
    }));
    if (message) showSuccess(editBody.querySelector<HTMLElement>('.message')!, message[0], message[1]);
    editPanel.scrollIntoView({ block: 'start' });
    editTitle.focus({ preventScroll: true });
  }

  // Create form ---------------------------------------------------------------------
  const createForm = new Form(
    'user-create',
    [
      { name: 'email', label: 'users.field.email', type: 'email', required: true, autocomplete: 'off', spellcheck: false },
      { name: 'display_name', label: 'users.field.display_name', required: true, dir: 'auto', autocomplete: 'off' },
      { name: 'latin_name', label: 'users.field.latin_name', required: true, autocomplete: 'off' },
      { name: 'language', label: 'users.field.language', type: 'select', options: LANGUAGE_OPTIONS, value: 'ja' },
      { name: 'orcid', label: 'users.field.orcid', optional: true, hint: 'users.field.orcid_hint', autocomplete: 'off', spellcheck: false },
      { name: 'agency_id', label: 'users.field.agency', type: 'select', options: agencyOptions(agencies), optional: true },
      { name: 'password', label: 'users.field.password', type: 'password', optional: true, autocomplete: 'new-password', hint: 'users.field.password_hint' },
    ],
    'common.create',
    async (f) => {
      const payload: Record<string, unknown> = {
        email: f.value('email'),
        display_name: f.value('display_name'),
        latin_name: f.value('latin_name'),
        language: f.value('language'),
      };
      if (f.value('orcid')) payload.orcid = f.value('orcid');
      if (f.value('agency_id')) payload.agency_id = Number(f.value('agency_id'));
      if (f.rawValue('password')) payload.password = f.rawValue('password');
      const created = await api.post<User>('/users', payload);
      f.reset();
      ctx.announce('users.created', { name: created.display_name });
      await load();
      await selectUser(created.id, ['users.created', { name: created.display_name }]);
    },
  );

  body.append(
    section(
      'users.title',
      searchForm,
      listMessage,
      tableWrap(table, 'users.title'),
      controls.el,
      h('p', { class: 'hint', t: 'users.select_hint' }),
    ),
    editPanel,
    section('users.create_title', createForm.el),
  );
}

function editUserContent(
  user: User,
  roles: RoleInfo[],
  agencies: Agency[],
  ctx: Ctx,
  nameScope: ScopeNamer,
  refresh: (user: User, message: [MessageKey, Record<string, string>]) => Promise<void>,
): HTMLElement[] {
  const form = new Form(
    'user-edit',
    [
      { name: 'display_name', label: 'users.field.display_name', required: true, dir: 'auto', value: user.display_name, autocomplete: 'off' },
      { name: 'latin_name', label: 'users.field.latin_name', required: true, value: user.latin_name, autocomplete: 'off' },
      { name: 'language', label: 'users.field.language', type: 'select', options: LANGUAGE_OPTIONS, value: user.language },
      { name: 'orcid', label: 'users.field.orcid', optional: true, hint: 'users.field.orcid_hint', value: user.orcid ?? '', autocomplete: 'off', spellcheck: false },
      {
        name: 'agency_id',
        label: 'users.field.agency',
        type: 'select',
        options: agencyOptions(agencies),
        value: user.agency_id === null ? '' : String(user.agency_id),
        optional: true,
      },
      { name: 'disabled', label: 'users.field.disabled', type: 'checkbox', checked: user.disabled },
    ],
    'common.save',
    async (f) => {
      // Only what changed, so the audit log records the real edit.
      const patch: Record<string, unknown> = {};
      if (f.value('display_name') !== user.display_name) patch.display_name = f.value('display_name');
      if (f.value('latin_name') !== user.latin_name) patch.latin_name = f.value('latin_name');
      if (f.value('language') !== user.language) patch.language = f.value('language');
      const orcid = f.value('orcid') || null;
      if (orcid !== user.orcid) patch.orcid = orcid;
      const agency = f.value('agency_id') ? Number(f.value('agency_id')) : null;
      if (agency !== user.agency_id) patch.agency_id = agency;
      if (f.checked('disabled') !== user.disabled) patch.disabled = f.checked('disabled');
      const updated = Object.keys(patch).length
        ? await api.patch<User>(`/users/${user.id}`, patch)
        : user;
      ctx.announce('users.updated', { name: updated.display_name });
      await refresh(updated, ['users.updated', { name: updated.display_name }]);
    },
  );

  // Roles held ------------------------------------------------------------------------
  const rolesMessage = messageRegion();
  const rolesTitleId = uid('roles-title');
  const grantsList = h('ul', { class: 'grants' });
  if (user.roles.length === 0) grantsList.append(h('li', { class: 'empty', t: 'users.no_roles' }));
  for (const g of user.roles) {
    // The button reads "Revoke" followed by the role it revokes, in the current language.
    const chip = grantChip(g, nameScope);
    chip.id = uid('grant');
    const revoke = h('button', {
      type: 'button',
      class: 'btn btn-small btn-danger',
      id: uid('revoke'),
      t: 'users.revoke',
    });
    revoke.setAttribute('aria-labelledby', `${revoke.id} ${chip.id}`);
    revoke.addEventListener('click', async () => {
      revoke.disabled = true;
      try {
        await api.del(`/users/${user.id}/roles/${g.id}`);
        ctx.announce('users.revoked');
        const updated = await api.get<User>(`/users/${user.id}`);
        await refresh(updated, ['users.revoked', {}]);
      } catch (err) {
        revoke.disabled = false;
        showError(rolesMessage, err);
      }
    });
    grantsList.append(h('li', null, chip, ' ', revoke));
  }

  // Grant form: the scope types offered follow the chosen role.
  const roleOptions = roles.map((r) => roleOption(r.role));
  const grant = new Form(
    'grant',
    [
      { name: 'role', label: 'users.field.role', type: 'select', options: roleOptions, value: roles[0]?.role },
      { name: 'scope_type', label: 'users.field.scope_type', type: 'select', options: [] },
      { name: 'scope_id', label: 'users.field.scope_id', hint: 'users.field.scope_id_hint', autocomplete: 'off', spellcheck: false },
    ],
    'users.grant_submit',
    async (f) => {
      const scopeType = f.value('scope_type');
      const body = {
        role: f.value('role'),
        scope_type: scopeType,
        scope_id: scopeNeedsId(scopeType) ? f.value('scope_id') : '',
      };
      await api.post<RoleGrant>(`/users/${user.id}/roles`, body);
      ctx.announce('users.granted');
      const updated = await api.get<User>(`/users/${user.id}`);
      await refresh(updated, ['users.granted', {}]);
    },
  );
  const roleSelect = grant.select('role');
  const scopeSelect = grant.select('scope_type');
  const scopeId = grant.input('scope_id') as HTMLInputElement;
  const syncScopes = () => {
    const info = roles.find((r) => r.role === roleSelect.value);
    setOptions(scopeSelect, (info?.scope_types ?? []).map(scopeOption));
    syncScopeId();
  };
  // For agency scopes, suggest the agencies' ids (labelled with their codes).
  const agencyList = h(
    'datalist',
    { id: uid('agency-ids') },
    agencies.map((a) => h('option', { value: String(a.id) }, `${a.code} — ${a.name_en || a.name}`)),
  );
  scopeId.after(agencyList);
  const syncScopeId = () => {
    const needs = scopeNeedsId(scopeSelect.value);
    if (scopeSelect.value === 'agency') scopeId.setAttribute('list', agencyList.id);
    else scopeId.removeAttribute('list');
    scopeId.disabled = !needs;
    scopeId.required = needs;
    if (!needs) scopeId.value = '';
  };
  roleSelect.addEventListener('change', syncScopes);
  scopeSelect.addEventListener('change', syncScopeId);
  syncScopes();

  const grantTitleId = uid('grant-title');
  return [
    form.el,
    h(
      'section',
      { class: 'subsection', 'aria-labelledby': rolesTitleId },
      h('h3', { id: rolesTitleId, t: 'users.roles_title', tp: { name: user.display_name } }),
      rolesMessage,
      grantsList,
    ),
    h(
      'section',
      { class: 'subsection', 'aria-labelledby': grantTitleId },
      h('h3', { id: grantTitleId, t: 'users.grant_title' }),
      grant.el,
    ),
  ];
}

function scopeNeedsId(scopeType: string): boolean {
  return scopeType !== 'global' && scopeType !== 'self' && scopeType !== '';
}

// ----------------------------------------------------------------- agencies/ministries

async function renderAgencies(body: HTMLElement): Promise<void> {
  const loading = h('p', { class: 'loading', t: 'common.loading' });
  body.append(loading);
  let [ministries, agencies] = await Promise.all([
    fetchAll<Ministry>('/ministries'),
    fetchAll<Agency>('/agencies'),
  ]);
  loading.remove();

  // Ministries ------------------------------------------------------------------------
  const ministryBody = h('tbody');
  const renderMinistries = () => {
    clear(ministryBody);
    if (!ministries.length) ministryBody.append(emptyRow(5));
    for (const m of ministries) {
      ministryBody.append(
        h(
          'tr',
          null,
          h('td', null, String(m.id)),
          h('td', { class: 'code' }, m.code),
          h('td', null, m.country),
          h('td', { dir: 'auto' }, m.name),
          h('td', { dir: 'auto' }, m.name_en),
        ),
      );
    }
  };
  const ministryTable = h(
    'table',
    { class: 'data-table' },
    h('caption', { class: 'visually-hidden', t: 'agencies.ministries_title' }),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        th('agencies.col.id'),
        th('agencies.col.code'),
        th('agencies.col.country'),
        th('agencies.col.name'),
        th('agencies.col.name_en'),
      ),
    ),
    ministryBody,
  );

  const ministryOptions = (): Option[] =>
    ministries.map((m) => ({ value: String(m.id), text: `${m.code} — ${m.name_en || m.name}` }));

  const createMinistry = new Form(
    'ministry-create',
    [
      { name: 'code', label: 'agencies.field.code', required: true, autocomplete: 'off', spellcheck: false },
      { name: 'country', label: 'agencies.field.country', required: true, maxlength: 2, autocomplete: 'off', value: 'JP' },
      { name: 'name', label: 'agencies.field.name', required: true, dir: 'auto', autocomplete: 'off' },
      { name: 'name_en', label: 'agencies.field.name_en', required: true, autocomplete: 'off' },
    ],
    'common.create',
    async (f) => {
      const created = await api.post<Ministry>('/ministries', {
        code: f.value('code'),
        country: f.value('country').toUpperCase(),
        name: f.value('name'),
        name_en: f.value('name_en'),
      });
      ministries = await fetchAll<Ministry>('/ministries');
      renderMinistries();
      setOptions(createAgency.select('ministry_id'), ministryOptions());
      setOptions(filter, [{ value: '', label: 'agencies.all_ministries' }, ...ministryOptions()]);
      f.reset();
      f.success('agencies.ministry_created', { name: created.name_en || created.name });
    },
  );

  // Agencies --------------------------------------------------------------------------
  const filterId = uid('ministry-filter');
  const filter = h('select', { id: filterId });
  setOptions(filter, [{ value: '', label: 'agencies.all_ministries' }, ...ministryOptions()]);
  const agencyMessage = messageRegion();
  const agencyBody = h('tbody');
  const ministryCell = (id: number) => {
    const td = h('td');
    const m = ministries.find((x) => x.id === id);
    if (m) bindBilingual(td, m.name, m.name_en);
    else td.textContent = `#${id}`;
    return td;
  };
  const editHolder = h('div');
  const renderAgencyRows = () => {
    clear(agencyBody);
    if (!agencies.length) agencyBody.append(emptyRow(7));
    for (const a of agencies) {
      const edit = h('button', {
        type: 'button',
        class: 'btn btn-small',
        t: 'common.edit',
        ta: { 'aria-label': ['agencies.edit_agency', { name: a.name_en || a.name }] },
      });
      edit.addEventListener('click', () => showAgencyEdit(a));
      agencyBody.append(
        h(
          'tr',
          null,
          h('td', null, String(a.id)),
          h('td', { class: 'code' }, a.code),
          h('td', null, a.country),
          h('td', { dir: 'auto' }, a.name),
          h('td', { dir: 'auto' }, a.name_en),
          ministryCell(a.ministry_id),
          h('td', { class: 'sticky-end' }, edit),
        ),
      );
    }
  };
  const reloadAgencies = async () => {
    try {
      agencies = await fetchAll<Agency>('/agencies', { ministry_id: filter.value || null });
      renderAgencyRows();
    } catch (err) {
      showError(agencyMessage, err);
    }
  };
  filter.addEventListener('change', () => void reloadAgencies());

  const agencyTable = h(
    'table',
    { class: 'data-table' },
    h('caption', { class: 'visually-hidden', t: 'agencies.agencies_title' }),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        th('agencies.col.id'),
        th('agencies.col.code'),
        th('agencies.col.country'),
        th('agencies.col.name'),
        th('agencies.col.name_en'),
        th('agencies.col.ministry'),
        h('th', { scope: 'col', class: 'sticky-end', t: 'common.actions' }),
      ),
    ),
    agencyBody,
  );

  const createAgency = new Form(
    'agency-create',
    [
      { name: 'ministry_id', label: 'agencies.field.ministry', type: 'select', required: true, options: ministryOptions() },
      { name: 'code', label: 'agencies.field.code', required: true, autocomplete: 'off', spellcheck: false },
      { name: 'country', label: 'agencies.field.country', required: true, maxlength: 2, autocomplete: 'off', value: 'JP' },
      { name: 'name', label: 'agencies.field.name', required: true, dir: 'auto', autocomplete: 'off' },
      { name: 'name_en', label: 'agencies.field.name_en', required: true, autocomplete: 'off' },
    ],
    'common.create',
    async (f) => {
      const created = await api.post<Agency>('/agencies', {
        ministry_id: Number(f.value('ministry_id')),
        code: f.value('code'),
        country: f.value('country').toUpperCase(),
        name: f.value('name'),
        name_en: f.value('name_en'),
      });
      await reloadAgencies();
      f.reset();
      f.success('agencies.agency_created', { name: created.name_en || created.name });
    },
  );

  function showAgencyEdit(a: Agency): void {
    const titleId = uid('agency-edit');
    const form = new Form(
      'agency-edit',
      [
        { name: 'country', label: 'agencies.field.country', required: true, maxlength: 2, value: a.country, autocomplete: 'off' },
        { name: 'name', label: 'agencies.field.name', required: true, dir: 'auto', value: a.name, autocomplete: 'off' },
        { name: 'name_en', label: 'agencies.field.name_en', required: true, value: a.name_en, autocomplete: 'off' },
      ],
      'common.save',
      async (f) => {
        // An agency's code is its stable identifier; only names and country change.
        const patch: Record<string, unknown> = {};
        for (const key of ['name', 'name_en'] as const) {
          if (f.value(key) !== a[key]) patch[key] = f.value(key);
        }
        const country = f.value('country').toUpperCase();
        if (country !== a.country) patch.country = country;
        const updated = Object.keys(patch).length ? await api.patch<Agency>(`/agencies/${a.id}`, patch) : a;
        await reloadAgencies();
        a = updated;
        f.success('agencies.agency_updated', { name: updated.name_en || updated.name });
      },
      { extraButtons: [cancelButton()] },
    );
    function cancelButton(): HTMLButtonElement {
      const b = h('button', { type: 'button', class: 'btn', t: 'common.close' });
      b.addEventListener('click', () => clear(editHolder));
      return b;
    }
    const title = h('h3', { id: titleId, tabindex: -1, t: 'agencies.edit_agency', tp: { name: a.code } });
    replaceChildren(editHolder, h('div', { class: 'subsection', role: 'group', 'aria-labelledby': titleId }, title, form.el));
    title.focus();
  }

  renderMinistries();
  renderAgencyRows();
  body.append(
    section(
      'agencies.ministries_title',
      tableWrap(ministryTable, 'agencies.ministries_title'),
      h('h3', { t: 'agencies.create_ministry' }),
      createMinistry.el,
    ),
    section(
      'agencies.agencies_title',
      h('div', { class: 'field filter-field' }, h('label', { for: filterId, t: 'agencies.filter_ministry' }), filter),
      agencyMessage,
      tableWrap(agencyTable, 'agencies.agencies_title'),
      editHolder,
      h('h3', { t: 'agencies.create_agency' }),
      createAgency.el,
    ),
  );
}

// ---------------------------------------------------------------------------- roles

async function renderRoles(body: HTMLElement): Promise<void> {
  const roles = (await api.get<{ items: RoleInfo[] }>('/roles')).items;
  const tbody = h('tbody');
  for (const r of roles) {
    tbody.append(
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, roleLabel(r.role)),
        h('td', { class: 'code' }, r.role),
        h('td', null, h('ul', { class: 'inline-list' }, r.scope_types.map((s) => h('li', { class: 'chip' }, scopeLabel(s))))),
      ),
    );
  }
  body.append(
    section(
      'roles.title',
      h('p', { class: 'intro', t: 'roles.intro' }),
      tableWrap(
        h(
          'table',
          { class: 'data-table' },
          h('caption', { class: 'visually-hidden', t: 'roles.title' }),
          h('thead', null, h('tr', null, th('roles.col.role'), th('roles.col.code'), th('roles.col.scope_types'))),
          tbody,
        ),
        'roles.title',
      ),
    ),
  );
}
