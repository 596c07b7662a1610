// Restricted-party lists: every list with its newest version, a list's versions with
// their added/changed/removed counts and the changes of one version, an entity browser
// with search, and (for compliance officers and administrators) the import form.

import { api, type Page } from '../../api.js';
import type { Ctx } from '../../app.js';
import { clear, h, localTimeZone, replaceChildren, timeEl, uid } from '../../dom.js';
import { bytesToBase64, can } from '../../compliance/logic.js';
import {
  Form,
  Pager,
  emptyRow,
  messageRegion,
  pagerControls,
  section,
  showError,
  tableWrap,
  th,
} from '../../ui.js';
import {
  codeLabel,
  formatOptions,
  type DiffEntry,
  type ImportResult,
  type ListDiff,
  type ListEntity,
  type ListInfo,
  type ListVersion,
} from './common.js';

export async function renderLists(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(h('h1', { t: 'lists.title' }), h('p', { class: 'intro', t: 'lists.intro' }));
  const loading = h('p', { class: 'loading', t: 'common.loading' });
  main.append(loading);
  let lists = (await api.get<{ items: ListInfo[] }>('/compliance/lists')).items;
  loading.remove();

  const listMessage = messageRegion();
  const tbody = h('tbody');
  const versionsHolder = h('div');
  const entitiesHolder = h('div');
  const names = h('datalist', { id: uid('list-names') });

  const renderRows = () => {
    clear(tbody);
    clear(names);
    if (!lists.length) tbody.append(emptyRow(7));
    for (const l of lists) {
      names.append(h('option', { value: l.name }));
      const nameId = uid('list-name');
      const versions = h('button', { type: 'button', class: 'btn btn-small', id: uid('b'), t: 'lists.versions' });
      versions.setAttribute('aria-labelledby', `${versions.id} ${nameId}`);
      versions.addEventListener('click', () => void showVersions(l));
      const browse = h('button', { type: 'button', class: 'btn btn-small', id: uid('b'), t: 'lists.browse' });
      browse.setAttribute('aria-labelledby', `${browse.id} ${nameId}`);
      browse.addEventListener('click', () => void showEntities(l));
      tbody.append(
        h(
          'tr',
          { 'data-list': l.name },
          h('th', { scope: 'row', class: 'code', id: nameId }, l.name),
          h('td', null, codeLabel('format', l.format)),
          h('td', { class: 'num' }, String(l.version)),
          h('td', { class: 'num' }, String(l.entities)),
          h('td', { class: 'num' }, String(l.names)),
          h('td', { class: 'nowrap' }, l.imported_at ? timeEl(l.imported_at, { offset: false }) : '—'),
          h('td', { class: 'sticky-end actions-cell' }, versions, ' ', browse),
        ),
      );
    }
  };
  const reload = async () => {
    try {
      lists = (await api.get<{ items: ListInfo[] }>('/compliance/lists')).items;
      renderRows();
    } catch (err) {
      showError(listMessage, err);
    }
  };
  renderRows();

  const table = h(
    'table',
    { class: 'data-table lists-table' },
    h('caption', { class: 'visually-hidden', t: 'lists.title' }),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        th('lists.col.name'),
        th('lists.col.format'),
        th('lists.col.version'),
        th('lists.col.entities'),
        th('lists.col.names'),
        h('th', { scope: 'col', t: 'lists.col.imported_at', tp: { zone: localTimeZone() } }),
        h('th', { scope: 'col', class: 'sticky-end', t: 'common.actions' }),
      ),
    ),
    tbody,
  );

  // Versions and diffs --------------------------------------------------------------
  async function showVersions(l: ListInfo): Promise<void> {
    const titleId = uid('versions-title');
    const title = h('h2', { id: titleId, tabindex: -1, t: 'lists.versions_of', tp: { name: l.name } });
    const message = messageRegion();
    const vbody = h('tbody');
    const diffHolder = h('div');
    replaceChildren(
      versionsHolder,
      h(
        'section',
        { class: 'panel versions-panel', 'aria-labelledby': titleId },
        title,
        message,
        tableWrap(
          h(
            'table',
            { class: 'data-table versions-table' },
            h('caption', { class: 'visually-hidden', t: 'lists.versions_of', tp: { name: l.name } }),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                th('lists.col.version'),
                th('lists.col.format'),
                th('lists.col.entities'),
                th('lists.col.names'),
                th('lists.col.added'),
                th('lists.col.changed'),
                th('lists.col.removed'),
                h('th', { scope: 'col', t: 'lists.col.imported_at', tp: { zone: localTimeZone() } }),
                th('lists.col.imported_by'),
                h('th', { scope: 'col', class: 'sticky-end', t: 'common.actions' }),
              ),
            ),
            vbody,
          ),
          'lists.versions',
        ),
        diffHolder,
      ),
    );
    title.focus();
    try {
      const page = await api.get<Page<ListVersion>>(`/compliance/lists/${encodeURIComponent(l.name)}/versions`, { limit: 100 });
      if (!page.items.length) vbody.append(emptyRow(10));
      for (const v of page.items) {
        const vId = uid('version');
        const diff = h('button', { type: 'button', class: 'btn btn-small', id: uid('b'), t: 'lists.show_diff' });
        diff.setAttribute('aria-labelledby', `${diff.id} ${vId}`);
        diff.addEventListener('click', () => void showDiff(l, v.version, diffHolder));
        vbody.append(
          h(
            'tr',
            { 'data-version': v.version },
            h('th', { scope: 'row', class: 'num', id: vId }, String(v.version)),
            h('td', null, codeLabel('format', v.format)),
            h('td', { class: 'num' }, String(v.entities)),
            h('td', { class: 'num' }, String(v.names)),
            h('td', { class: 'num diff-added' }, `+${v.added}`),
            h('td', { class: 'num diff-changed' }, `~${v.changed}`),
            h('td', { class: 'num diff-removed' }, `−${v.removed}`),
            h('td', { class: 'nowrap' }, v.imported_at ? timeEl(v.imported_at, { offset: false }) : '—'),
            h('td', { dir: 'auto' }, v.imported_by === null || v.imported_by === undefined ? '—' : String(v.imported_by)),
            h('td', { class: 'sticky-end' }, diff),
          ),
        );
      }
    } catch (err) {
      showError(message, err);
    }
  }

  async function showDiff(l: ListInfo, version: number, holder: HTMLElement): Promise<void> {
    const titleId = uid('diff-title');
    const title = h('h3', { id: titleId, tabindex: -1, t: 'lists.diff_title', tp: { name: l.name, version } });
    const message = messageRegion();
    const body = h('div', { class: 'diff-columns' });
    replaceChildren(holder, h('section', { class: 'subsection diff-view', 'aria-labelledby': titleId }, title, message, body));
    title.focus();
    try {
      const diff = await api.get<ListDiff>(`/compliance/lists/${encodeURIComponent(l.name)}/versions/${version}/diff`);
      const column = (key: 'lists.diff_added' | 'lists.diff_changed' | 'lists.diff_removed', cls: string, items: DiffEntry[]) =>
        h(
          'div',
          { class: ['diff-column', cls] },
          h('h4', { t: key, tp: { n: items.length } }),
          items.length
            ? h(
                'ul',
                { class: 'diff-list' },
                items.map((e) => h('li', null, h('span', { class: 'code' }, e.entity_id), ' ', h('bdi', null, e.name))),
              )
            : h('p', { class: 'muted', t: 'common.no_items' }),
        );
      body.append(
        column('lists.diff_added', 'diff-added', diff.added ?? []),
        column('lists.diff_changed', 'diff-changed', diff.changed ?? []),
        column('lists.diff_removed', 'diff-removed', diff.removed ?? []),
      );
    } catch (err) {
      showError(message, err);
    }
  }

  // Entity browser -------------------------------------------------------------------
  async function showEntities(l: ListInfo): Promise<void> {
    const titleId = uid('entities-title');
    const title = h('h2', { id: titleId, tabindex: -1, t: 'lists.entities_of', tp: { name: l.name } });
    const message = messageRegion();
    const ebody = h('tbody');
    const pager = new Pager();
    let query = '';
    const searchId = uid('entity-search');
    const input = h('input', { id: searchId, type: 'search', name: 'q', autocomplete: 'off', dir: 'auto' });
    const form = h(
      'form',
      { class: 'search-form', role: 'search' },
      h('label', { for: searchId, t: 'lists.search_label' }),
      h(
        'div',
        { class: 'inline-controls' },
        input,
        h('button', { type: 'submit', class: 'btn', t: 'common.search' }),
        h('button', { type: 'reset', class: 'btn', t: 'common.clear' }),
      ),
    );
    const controls = pagerControls(pager, () => void load());
    async function load(): Promise<void> {
      ebody.setAttribute('aria-busy', 'true');
      try {
        const page = await api.get<Page<ListEntity>>(`/compliance/lists/${encodeURIComponent(l.name)}/entities`, {
          q: query,
          limit: 25,
          cursor: pager.cursor,
        });
        pager.next = page.next_cursor;
        clear(ebody);
        if (!page.items.length) ebody.append(emptyRow(5));
        for (const e of page.items) {
          ebody.append(
            h(
              'tr',
              null,
              h('th', { scope: 'row', class: 'code' }, e.entity_id),
              h('td', null, codeLabel('kind', e.kind)),
              h('td', { class: 'names-cell' }, h('ul', { class: 'plain-list' }, (e.names ?? []).map((n) => h('li', { dir: 'auto' }, n)))),
              h('td', null, (e.countries ?? []).join(', ') || '—'),
              h('td', { dir: 'auto' }, e.programme || '—'),
            ),
          );
        }
        controls.update();
      } catch (err) {
        showError(message, err);
      } finally {
        ebody.removeAttribute('aria-busy');
      }
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      query = input.value.trim();
      pager.reset();
      void load();
    });
    form.addEventListener('reset', () => {
      query = '';
      pager.reset();
      void load();
    });
    replaceChildren(
      entitiesHolder,
      h(
        'section',
        { class: 'panel entities-panel', 'aria-labelledby': titleId },
        title,
        form,
        message,
        tableWrap(
          h(
            'table',
            { class: 'data-table entities-table' },
            h('caption', { class: 'visually-hidden', t: 'lists.entities_of', tp: { name: l.name } }),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                th('lists.col.entity_id'),
                th('lists.col.kind'),
                th('lists.col.entity_names'),
                th('lists.col.countries'),
                th('lists.col.programme'),
              ),
            ),
            ebody,
          ),
          'lists.entities_of',
        ),
        controls.el,
      ),
    );
    title.focus();
    await load();
  }

  main.append(section('lists.title', listMessage, tableWrap(table, 'lists.title')), versionsHolder, entitiesHolder);

  // Import -----------------------------------------------------------------------------
  if (can(ctx.user, 'lists.manage')) {
    const form = new Form(
      'list-import',
      [
        { name: 'name', label: 'lists.field.name', required: true, hint: 'lists.field.name_hint', autocomplete: 'off', spellcheck: false, maxlength: 40 },
        { name: 'format', label: 'lists.field.format', type: 'select', options: formatOptions(), value: 'csv' },
        { name: 'file', label: 'lists.field.file', type: 'file', required: true, hint: 'lists.field.file_hint' },
      ],
      'lists.import_submit',
      async (f) => {
        const name = f.value('name');
        if (!/^[a-z0-9-]{1,40}$/.test(name)) return f.fieldError('name', 'lists.bad_name');
        const file = f.file('file');
        if (!file) return f.fieldError('file', 'lists.no_file');
        // The API takes at most 20 MiB; larger lists go through the command line.
        if (file.size > 20 * 1024 * 1024) return f.fieldError('file', 'lists.too_big');
        const content = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
        const r = await api.post<ImportResult>(`/compliance/lists/${encodeURIComponent(name)}/versions`, {
          format: f.value('format'),
          content_base64: content,
        });
        f.reset();
        f.success('lists.imported', {
          name: r.name,
          version: r.version,
          entities: r.entities,
          names: r.names,
          added: r.added,
          changed: r.changed,
          removed: r.removed,
        });
        ctx.announce('lists.imported', { name: r.name, version: r.version, entities: r.entities, names: r.names, added: r.added, changed: r.changed, removed: r.removed });
        await reload();
      },
    );
    form.aliases = { content_base64: 'file', content: 'file', list: 'name' };
    form.locationField = 'file';
    const nameInput = form.input('name');
    nameInput.setAttribute('list', names.id);
    nameInput.after(names);
    main.append(section('lists.import_title', form.el));
  }
}
