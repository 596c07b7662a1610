// "My profile" and the profile editor it shares with offices and administrators. A PUT
// replaces the whole person (docs/network.md), so the editor starts from the record it
// loaded and sends every field back, those it does not show for editing included
// (publications, the languages of other names, themes it has no box for). Errors the
// server names ("orcid", "affiliations[1].start", "japan_experience[0].kind") are shown
// next to their input; a stale version (409) says so and offers to reload.

import { ApiError, api } from '../../api.js';
import type { Ctx } from '../../app.js';
import { bindText, h, uid } from '../../dom.js';
import type { MessageKey } from '../../i18n/core.js';
import {
  CAREER_STAGES,
  JP_KINDS,
  THEMES,
  contactHidden,
  errorTarget,
  formToPerson,
  personToForm,
  type AffiliationRow,
  type ExperienceRow,
  type OtherNameRow,
  type Person,
  type PersonFormState,
} from '../../network/logic.js';
import { Form, messageRegion, showError, showSuccess, type Option } from '../../ui.js';
import { CODE_PREFIX, codeLabel, codeOption } from './common.js';
import { RowList } from './rows.js';

export interface EditorOptions {
  forbidden: MessageKey; // what a 403 means here
  onSaved?: (person: Person) => void;
  onCreated?: (person: Person) => void;
  // Titles of the editor's section before and after the profile exists.
  createTitle?: MessageKey;
  editTitle?: MessageKey;
}

const DATE_HINT: MessageKey = 'net.date_hint';

// The editor for `person`, or for a new profile of the signed-in user when null.
export function personEditor(ctx: Ctx, person: Person | null, options: EditorOptions): HTMLElement {
  let current: Person | null = person;
  const titleId = uid('editor-title');
  const title = h('h2', { id: titleId });
  const setTitle = () => bindText(title, current ? (options.editTitle ?? 'net.edit.form_title') : (options.createTitle ?? 'net.me.create_title'));
  setTitle();

  if (current && contactHidden(current)) {
    return h('section', { class: 'panel notice-panel', 'aria-labelledby': titleId }, title, h('p', { t: 'net.contact_hidden_edit' }));
  }

  const stageOptions: Option[] = [{ value: '', label: 'net.stage.none' }, ...CAREER_STAGES.map((s) => codeOption(CODE_PREFIX.career_stage, s))];
  const form = new Form(
    'person',
    [
      { name: 'name', label: 'net.field.name', required: true, dir: 'auto', autocomplete: 'off', maxlength: 300 },
      { name: 'latin_name', label: 'net.field.latin_name', hint: 'net.field.latin_name_hint', dir: 'auto', autocomplete: 'off', maxlength: 300 },
      { name: 'orcid', label: 'users.field.orcid', hint: 'users.field.orcid_hint', dir: 'ltr', autocomplete: 'off', spellcheck: false, maxlength: 40 },
      { name: 'career_stage', label: 'net.field.career_stage', type: 'select', options: stageOptions },
      { name: 'emails', label: 'net.field.emails', type: 'textarea', rows: 2, dir: 'ltr', spellcheck: false, hint: 'net.field.emails_hint' },
      { name: 'nationality', label: 'net.field.nationality', autocomplete: 'off', maxlength: 2, spellcheck: false },
      { name: 'residence_countries', label: 'net.field.residence', hint: 'net.field.residence_hint', autocomplete: 'off', spellcheck: false },
      { name: 'fields', label: 'net.field.fields', type: 'textarea', rows: 3, dir: 'auto' },
      { name: 'keywords', label: 'net.field.keywords', type: 'textarea', rows: 3, dir: 'auto' },
      { name: 'bio_en', label: 'net.field.bio_en', type: 'textarea', rows: 4, lang: 'en', wide: true },
      { name: 'bio_ja', label: 'net.field.bio_ja', type: 'textarea', rows: 4, lang: 'ja', wide: true },
    ],
    current ? 'common.save' : 'net.me.create_submit',
    async (f) => save(f),
    { class: 'person-form', labelledBy: titleId },
  );

  // Themes: a box for each of the strategy's themes, and for any other theme the record
  // already holds (kept unless unticked).
  const themesBox = h('div', { class: 'theme-boxes' });
  const themesId = uid('themes');
  const themesField = h(
    'div',
    { class: 'field field-wide themes-field', role: 'group', 'aria-labelledby': themesId },
    h('p', { id: themesId, class: 'label', t: 'net.field.themes' }),
    themesBox,
  );
  const fillThemes = (selected: string[]) => {
    themesBox.replaceChildren();
    const all = [...THEMES, ...selected.filter((t) => !(THEMES as readonly string[]).includes(t))];
    for (const theme of all) {
      const id = uid('theme');
      const box = h('input', { type: 'checkbox', id, name: 'themes', value: theme });
      box.checked = selected.includes(theme);
      themesBox.append(h('span', { class: 'theme-option' }, box, h('label', { for: id }, codeLabel(CODE_PREFIX.theme, theme))));
    }
  };
  form.input('keywords').closest('.field')?.after(themesField);

  const otherNames = new RowList(
    form,
    'other_names',
    ['value', 'lang'],
    () => [
      { label: 'net.field.other_value', dir: 'auto', autocomplete: 'off', maxlength: 300 },
      { label: 'net.field.other_lang', hint: 'net.field.lang_hint', autocomplete: 'off', maxlength: 8, spellcheck: false },
    ],
    { title: 'net.field.other_names', row: 'net.other_name_row', add: 'net.add_other_name', empty: 'net.rows.none' },
    'value',
  );
  const affiliations = new RowList(
    form,
    'affiliations',
    ['name', 'ror', 'role', 'start', 'end'],
    () => [
      { label: 'net.aff.name', dir: 'auto', autocomplete: 'off', maxlength: 300 },
      { label: 'net.aff.ror', hint: 'net.ror_hint', autocomplete: 'off', spellcheck: false, maxlength: 40 },
      { label: 'net.aff.role', dir: 'auto', autocomplete: 'off', maxlength: 300 },
      { label: 'net.aff.start', hint: DATE_HINT, autocomplete: 'off', maxlength: 10 },
      { label: 'net.aff.end', hint: 'net.end_hint', autocomplete: 'off', maxlength: 10 },
    ],
    { title: 'net.aff.title', row: 'net.aff.row', add: 'net.aff.add', empty: 'net.rows.none' },
    'name',
  );
  const experience = new RowList(
    form,
    'japan_experience',
    ['kind', 'host_name', 'host_ror', 'start', 'end', 'funding'],
    (values) => {
      const kinds: Option[] = [{ value: '', label: 'net.exp.kind_choose' }, ...JP_KINDS.map((k) => codeOption(CODE_PREFIX.jp_experience, k))];
      if (values.kind && !(JP_KINDS as readonly string[]).includes(values.kind)) kinds.push({ value: values.kind, text: values.kind });
      return [
        { label: 'net.exp.kind', type: 'select', options: kinds },
        { label: 'net.exp.host_name', dir: 'auto', autocomplete: 'off', maxlength: 300 },
        { label: 'net.exp.host_ror', hint: 'net.ror_hint', autocomplete: 'off', spellcheck: false, maxlength: 40 },
        { label: 'net.exp.start', hint: DATE_HINT, autocomplete: 'off', maxlength: 10 },
        { label: 'net.exp.end', hint: DATE_HINT, autocomplete: 'off', maxlength: 10 },
        { label: 'net.exp.funding', dir: 'auto', autocomplete: 'off', maxlength: 300 },
      ];
    },
    { title: 'net.exp.title', row: 'net.exp.row', add: 'net.exp.add', empty: 'net.rows.none' },
    'host_name',
  );
  const kept = h('p', { class: 'muted publications-kept' });
  const actions = form.submit.parentElement!;
  form.input('orcid').closest('.field')?.after(otherNames.el);
  form.el.insertBefore(affiliations.el, actions);
  form.el.insertBefore(experience.el, actions);
  form.el.insertBefore(kept, actions);

  // "affiliations[1].start" → that row's input; "residence_countries[2]" → the list.
  form.fieldFor = (apiField) => {
    for (const rows of [otherNames, affiliations, experience]) {
      const name = rows.inputFor(apiField);
      if (name) return name;
    }
    const target = errorTarget(apiField);
    return target && !target.row && form.has(target.field) ? target.field : null;
  };

  const fill = (p: Person | null) => {
    const s: PersonFormState = personToForm(
      p ?? { name: ctx.user.display_name, latin_name: ctx.user.latin_name === ctx.user.display_name ? '' : ctx.user.latin_name, orcid: ctx.user.orcid ?? '' },
    );
    for (const key of ['name', 'latin_name', 'orcid', 'career_stage', 'emails', 'nationality', 'residence_countries', 'fields', 'keywords', 'bio_en', 'bio_ja'] as const) {
      form.set(key, s[key]);
    }
    fillThemes(s.themes);
    otherNames.setAll(s.other_names as unknown as Record<string, string>[]);
    affiliations.setAll(s.affiliations as unknown as Record<string, string>[]);
    experience.setAll(s.japan_experience as unknown as Record<string, string>[]);
    const n = p?.publications?.length ?? 0;
    kept.hidden = n === 0;
    if (n) bindText(kept, 'net.publications_kept', { n });
  };

  const read = (): PersonFormState => ({
    name: form.rawValue('name'),
    latin_name: form.rawValue('latin_name'),
    other_names: otherNames.values() as unknown as OtherNameRow[],
    orcid: form.rawValue('orcid'),
    emails: form.rawValue('emails'),
    nationality: form.rawValue('nationality'),
    residence_countries: form.rawValue('residence_countries'),
    fields: form.rawValue('fields'),
    keywords: form.rawValue('keywords'),
    themes: [...themesBox.querySelectorAll<HTMLInputElement>('input[name="themes"]')].filter((b) => b.checked).map((b) => b.value),
    career_stage: form.rawValue('career_stage'),
    bio_en: form.rawValue('bio_en'),
    bio_ja: form.rawValue('bio_ja'),
    affiliations: affiliations.values() as unknown as AffiliationRow[],
    japan_experience: experience.values() as unknown as ExperienceRow[],
  });

  const reload = async () => {
    try {
      const fresh = current ? await api.get<Person>(current.user_id === ctx.user.id ? '/people/me' : `/people/${current.id}`) : null;
      current = fresh;
      fill(fresh);
      showSuccess(form.message, 'net.reloaded', { version: fresh?.version ?? 0 });
    } catch (err) {
      showError(form.message, err);
    }
  };

  async function save(f: Form): Promise<void> {
    if (!f.value('name')) return f.fieldError('name', 'net.name_required');
    const body = formToPerson(read(), current);
    let saved: Person;
    try {
      if (current) {
        body.version = current.version;
        saved = await api.put<Person>(`/people/${current.id}`, body);
      } else {
        body.self = true;
        saved = await api.post<Person>('/people', body);
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
        showError(f.message, err, options.forbidden, { withDetail: true });
        f.message.setAttribute('tabindex', '-1');
        f.message.focus();
        return;
      }
      throw err;
    }
    const created = !current;
    current = saved;
    fill(saved);
    setTitle();
    f.setSubmitLabel('common.save');
    if (created) {
      f.success('net.me.created');
      options.onCreated?.(saved);
    } else {
      f.success('net.saved', { version: saved.version });
      options.onSaved?.(saved);
    }
  }

  fill(current);
  return h('section', { class: 'panel person-editor', 'aria-labelledby': titleId }, title, form.el);
}

export async function renderMyProfile(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(h('h1', { t: 'nav.network.me' }), h('p', { class: 'intro', t: 'net.me.intro' }));
  const loading = h('p', { class: 'loading', t: 'common.loading' });
  main.append(loading);
  let person: Person | null = null;
  try {
    person = await api.get<Person>('/people/me');
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
  } finally {
    loading.remove();
  }
  const status = messageRegion();
  const view = h('p', { class: 'view-profile' });
  const showView = (p: Person) => view.replaceChildren(h('a', { href: `/network/people/${p.id}`, t: 'net.me.view' }));
  if (person) showView(person);
  else status.append(h('p', { class: 'msg-main no-profile', t: 'net.me.none' }));
  main.append(
    status,
    view,
    personEditor(ctx, person, {
      forbidden: 'net.me.forbidden',
      createTitle: 'net.me.create_title',
      editTitle: 'net.me.edit_title',
      onCreated: (p) => {
        status.replaceChildren();
        showView(p);
        ctx.announce('net.me.created');
      },
      onSaved: (p) => ctx.announce('net.saved', { version: p.version }),
    }),
  );
}
