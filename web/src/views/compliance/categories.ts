// Control categories: the maintained table of control-list categories with Japanese and
// English terms, readable by every signed-in user; compliance officers and administrators
// edit a category or add one.

import { api } from '../../api.js';
import type { Ctx } from '../../app.js';
import { clear, h, replaceChildren, uid } from '../../dom.js';
import { can, splitNames } from '../../compliance/logic.js';
import { Form, emptyRow, messageRegion, section, showError, tableWrap, th } from '../../ui.js';
import type { ControlCategory } from './common.js';

export async function renderCategories(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(h('h1', { t: 'cat.title' }), h('p', { class: 'intro', t: 'cat.intro' }));
  const loading = h('p', { class: 'loading', t: 'common.loading' });
  main.append(loading);
  let items = (await api.get<{ items: ControlCategory[] }>('/compliance/control-categories')).items;
  loading.remove();
  const mayEdit = can(ctx.user, 'control_categories.write');
  const message = messageRegion();
  const tbody = h('tbody');
  const editHolder = h('div');
  const COLS = mayEdit ? 4 : 3;

  const terms = (list: string[], lang: string) =>
    h('ul', { class: 'inline-list terms', lang }, (list ?? []).map((term) => h('li', { class: 'chip', dir: 'auto' }, term)));

  const render = () => {
    clear(tbody);
    if (!items.length) tbody.append(emptyRow(COLS));
    for (const c of items) {
      const codeId = uid('cat');
      let edit: HTMLElement | null = null;
      if (mayEdit) {
        const b = h('button', { type: 'button', class: 'btn btn-small', id: uid('b'), t: 'common.edit' });
        b.setAttribute('aria-labelledby', `${b.id} ${codeId}`);
        b.addEventListener('click', () => showEditor(c));
        edit = h('td', { class: 'sticky-end' }, b);
      }
      tbody.append(
        h(
          'tr',
          { 'data-code': c.code },
          h('th', { scope: 'row', class: 'code', id: codeId }, c.code),
          h('td', null, h('div', { lang: 'ja', dir: 'auto' }, c.title_ja), h('div', { lang: 'en', dir: 'auto', class: 'muted' }, c.title_en)),
          h('td', { class: 'terms-cell' }, terms(c.terms_ja, 'ja'), terms(c.terms_en, 'en')),
          edit,
        ),
      );
    }
  };
  const reload = async () => {
    try {
      items = (await api.get<{ items: ControlCategory[] }>('/compliance/control-categories')).items;
      render();
    } catch (err) {
      showError(message, err);
    }
  };

  function editorForm(c: ControlCategory | null, onSaved: (saved: ControlCategory) => void): Form {
    const form = new Form(
      c ? 'cat-edit' : 'cat-add',
      [
        ...(c ? [] : [{ name: 'code', label: 'cat.field.code' as const, required: true, autocomplete: 'off', spellcheck: false, maxlength: 40 }]),
        { name: 'title_en', label: 'cat.field.title_en', required: true, value: c?.title_en ?? '', autocomplete: 'off' },
        { name: 'title_ja', label: 'cat.field.title_ja', required: true, value: c?.title_ja ?? '', autocomplete: 'off' },
        { name: 'terms_en', label: 'cat.field.terms_en', type: 'textarea', rows: 4, value: (c?.terms_en ?? []).join('\n') },
        { name: 'terms_ja', label: 'cat.field.terms_ja', type: 'textarea', rows: 4, value: (c?.terms_ja ?? []).join('\n') },
      ],
      'common.save',
      async (f) => {
        const code = c ? c.code : f.value('code');
        const saved = await api.put<ControlCategory>(`/compliance/control-categories/${encodeURIComponent(code)}`, {
          title_en: f.value('title_en'),
          title_ja: f.value('title_ja'),
          terms_en: splitNames(f.rawValue('terms_en')),
          terms_ja: splitNames(f.rawValue('terms_ja')),
        });
        await reload();
        onSaved(saved);
        f.success('cat.saved', { code: saved.code });
      },
    );
    return form;
  }

  function showEditor(c: ControlCategory): void {
    const titleId = uid('cat-edit');
    const title = h('h3', { id: titleId, tabindex: -1, t: 'cat.edit_title', tp: { code: c.code } });
    const form = editorForm(c, () => undefined);
    const close = h('button', { type: 'button', class: 'btn', t: 'common.close' });
    close.addEventListener('click', () => clear(editHolder));
    form.submit.after(close);
    replaceChildren(editHolder, h('div', { class: 'subsection', role: 'group', 'aria-labelledby': titleId }, title, form.el));
    title.focus();
  }

  render();
  main.append(
    section(
      'cat.title',
      message,
      tableWrap(
        h(
          'table',
          { class: 'data-table categories-table' },
          h('caption', { class: 'visually-hidden', t: 'cat.title' }),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              th('cat.col.code'),
              th('cat.col.title'),
              th('cat.col.terms'),
              mayEdit ? h('th', { scope: 'col', class: 'sticky-end', t: 'common.actions' }) : null,
            ),
          ),
          tbody,
        ),
        'cat.title',
      ),
      editHolder,
    ),
  );
  if (mayEdit) {
    const add = editorForm(null, () => add.reset());
    main.append(section('cat.add_title', add.el));
  }
}
