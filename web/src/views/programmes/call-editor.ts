// The call editor for programme officers and administrators (POST /calls, PUT
// /calls/{id}): programme, titles, description, themes, opening and closing wall-clock
// times in the call's zone, funding model and stages, funders, slots with their own
// rules, the call's rules (JSON, as eligibility.h writes them), the proposal form's
// sections and attachments, and review criteria. An error the server names
// ("rules[1].group", "funders[1].currency") is shown next to that input. For a saved
// call, "Test the rules" checks a draft against the definition as it stands in the
// editor (POST /calls/{id}/check with {draft, definition}) and lists every verdict.

import { ApiError, api } from '../../api.js';
import type { Ctx } from '../../app.js';
import { h, uid, unbindText } from '../../dom.js';
import { currentLang, t, type MessageKey } from '../../i18n/core.js';
import { THEMES } from '../../network/logic.js';
import {
  FUNDING_MODELS,
  browserZone,
  callToEditor,
  canProgrammes,
  editorToDefinition,
  emptyCallEditor,
  sampleDraft,
  type Call,
  type CallEditorState,
  type Check,
  type EditorProblem,
  type Programme,
} from '../../programmes/logic.js';
import { clearMessage, messageRegion, section, showError, showSuccess } from '../../ui.js';
import { CODE_PREFIX, codeLabel } from '../network/common.js';
import { FieldMap, PREFIX, callTitle, checklistPanel, renderChecklist } from './common.js';
import { RowTable } from './rows.js';

export async function renderCallEditor(main: HTMLElement, ctx: Ctx, id: number): Promise<void> {
  main.append(h('p', { class: 'back-link' }, h('a', { href: id ? `/programmes/calls/${id}` : '/programmes', t: id ? 'pc.back_call' : 'pc.back_calls' })));
  const heading = h('h1', { t: id ? 'pc.call.edit' : 'pc.call.new' });
  main.append(heading, h('p', { class: 'intro', t: 'pc.editor.intro' }));
  if (!canProgrammes(ctx.user, 'calls.manage')) {
    const note = messageRegion();
    showError(note, null, 'pc.editor.forbidden');
    main.append(note);
  }
  const [call, programmes] = await Promise.all([id ? api.get<Call>(`/calls/${id}`) : Promise.resolve(null), api.get<{ items: Programme[] }>('/programmes').then((r) => r.items ?? [])]);
  if (call) unbindText(heading, h('span', { t: 'pc.call.edit' }), ': ', callTitle(call));
  main.append(callEditor(ctx, call, programmes));
}

function labelled(key: MessageKey, input: HTMLElement, ...extra: (HTMLElement | null)[]): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: input.id, t: key }), input, extra);
}

function text(s: CallEditorState, key: keyof CallEditorState & string, onChange: () => void, props: Record<string, unknown> = {}): HTMLInputElement {
  const input = h('input', { id: uid(key), type: 'text', autocomplete: 'off', ...props });
  input.value = String(s[key] ?? '');
  input.addEventListener('input', () => {
    (s as unknown as Record<string, unknown>)[key] = input.value;
    onChange();
  });
  return input;
}

function callEditor(ctx: Ctx, original: Call | null, programmes: Programme[]): HTMLElement {
  let current = original;
  const s: CallEditorState = current ? callToEditor(current) : emptyCallEditor(browserZone());
  if (!current && programmes.length === 1) s.programme_id = String(programmes[0]!.id);
  const fields = new FieldMap();
  const noop = () => undefined;

  const programme = h('select', { id: uid('programme') });
  programme.append(h('option', { value: '', t: 'pc.editor.choose_programme' }));
  for (const p of programmes) {
    const o = h('option', { value: String(p.id) });
    o.textContent = `${currentLang() === 'ja' ? p.name_ja || p.name : p.name || p.name_ja}${p.agency_code ? ` (${p.agency_code})` : ''}`;
    programme.append(o);
  }
  if (s.programme_id && !programmes.some((p) => String(p.id) === s.programme_id)) programme.append(h('option', { value: s.programme_id }, `#${s.programme_id}`));
  programme.value = s.programme_id;
  programme.addEventListener('change', () => (s.programme_id = programme.value));
  if (current) programme.disabled = true;
  fields.register('programme_id', programme);

  const title = text(s, 'title', noop, { dir: 'auto', maxlength: 500 });
  const titleJa = text(s, 'title_ja', noop, { lang: 'ja', maxlength: 500 });
  const description = h('textarea', { id: uid('description'), rows: 5, dir: 'auto' });
  description.value = s.description;
  description.addEventListener('input', () => (s.description = description.value));
  const opens = text(s, 'opens', noop, { dir: 'ltr', placeholder: 'YYYY-MM-DDTHH:MM:SS', spellcheck: 'false', 'aria-describedby': 'pc-wall-hint' });
  const closes = text(s, 'closes', noop, { dir: 'ltr', placeholder: 'YYYY-MM-DDTHH:MM:SS', spellcheck: 'false', 'aria-describedby': 'pc-wall-hint' });
  const zones = h('datalist', { id: 'pc-zones' });
  try {
    for (const z of (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone')) zones.append(h('option', { value: z }));
  } catch {
    // Older browsers: the zone is typed.
  }
  const zone = text(s, 'time_zone', noop, { dir: 'ltr', list: 'pc-zones', spellcheck: 'false' });
  const model = h('select', { id: uid('model') });
  for (const m of FUNDING_MODELS) model.append(h('option', { value: m, t: `${PREFIX.model}.${m}` as MessageKey }));
  model.value = s.funding_model;
  model.addEventListener('change', () => (s.funding_model = model.value));
  const stages = h('select', { id: uid('stages') }, h('option', { value: '1', t: 'pc.stages.one' }), h('option', { value: '2', t: 'pc.stages.two' }));
  stages.value = s.stages;
  const pre = text(s, 'pre_proposal_closes', noop, { dir: 'ltr', placeholder: 'YYYY-MM-DDTHH:MM:SS', spellcheck: 'false' });
  const preField = labelled('pc.pre_proposal_closes', pre);
  const syncStages = () => (preField.hidden = stages.value !== '2');
  stages.addEventListener('change', () => {
    s.stages = stages.value;
    syncStages();
  });
  syncStages();
  for (const [name, el] of [['title', title], ['title_ja', titleJa], ['description', description], ['opens', opens], ['closes', closes], ['time_zone', zone], ['funding_model', model], ['stages', stages], ['pre_proposal_closes', pre]] as const) fields.register(name, el);

  const themesBox = h('div', { class: 'theme-boxes' });
  const themesId = uid('themes');
  for (const theme of [...THEMES, ...s.themes.filter((x) => !(THEMES as readonly string[]).includes(x))]) {
    const boxId = uid('theme');
    const box = h('input', { type: 'checkbox', id: boxId, value: theme });
    box.checked = s.themes.includes(theme);
    box.addEventListener('change', () => (s.themes = [...themesBox.querySelectorAll<HTMLInputElement>('input')].filter((b) => b.checked).map((b) => b.value)));
    themesBox.append(h('span', { class: 'theme-option' }, box, h('label', { for: boxId }, codeLabel(CODE_PREFIX.theme, theme))));
  }
  fields.register('themes', themesBox);

  const funders = new RowTable({
    path: 'funders',
    rows: s.funders,
    make: () => ({ agency: '', currency: '', budget: '', countries: '' }),
    caption: 'pc.funders',
    rowLabel: 'pc.editor.funder_row',
    addLabel: 'pc.editor.add_funder',
    fields,
    onChange: noop,
    cols: [
      { key: 'agency', label: 'pc.col.agency', size: 's', dir: 'ltr' },
      { key: 'currency', label: 'pc.col.currency', size: 'xs', upper: true, maxlength: 3, dir: 'ltr' },
      { key: 'budget', label: 'pc.col.budget', inputmode: 'numeric', dir: 'ltr' },
      { key: 'countries', label: 'pc.editor.countries', dir: 'ltr', upper: true },
    ],
  });
  const slots = new RowTable({
    path: 'slots',
    rows: s.slots,
    make: () => ({ code: '', name_en: '', name_ja: '', quota: '', rules: '[]' }),
    caption: 'pc.slots',
    rowLabel: 'pc.editor.slot_row',
    addLabel: 'pc.editor.add_slot',
    fields,
    onChange: noop,
    cols: [
      { key: 'code', label: 'pc.editor.code', size: 's', dir: 'ltr' },
      { key: 'name_en', label: 'pc.editor.name_en', dir: 'auto' },
      { key: 'name_ja', label: 'pc.editor.name_ja' },
      { key: 'quota', label: 'pc.editor.quota', size: 'xs', inputmode: 'numeric', dir: 'ltr' },
      { key: 'rules', label: 'pc.editor.slot_rules', kind: 'textarea', size: 'l', dir: 'ltr' },
    ],
  });
  const rules = h('textarea', { id: uid('rules'), rows: 8, dir: 'ltr', spellcheck: 'false', class: 'code rules-json', 'aria-describedby': 'pc-rules-hint' });
  rules.value = s.rules;
  rules.addEventListener('input', () => (s.rules = rules.value));
  fields.register('rules', rules);
  const sections = new RowTable({
    path: 'form.sections',
    rows: s.sections,
    make: () => ({ key: '', title_en: '', title_ja: '', max_chars: '', max_words: '', required: false }),
    caption: 'pc.form.sections',
    rowLabel: 'pc.editor.section_row',
    addLabel: 'pc.editor.add_section',
    fields,
    onChange: noop,
    cols: [
      { key: 'key', label: 'pc.editor.key', size: 's', dir: 'ltr' },
      { key: 'title_en', label: 'pc.editor.title_en', dir: 'auto' },
      { key: 'title_ja', label: 'pc.editor.title_ja' },
      { key: 'max_chars', label: 'pc.editor.max_chars', size: 'xs', inputmode: 'numeric', dir: 'ltr' },
      { key: 'max_words', label: 'pc.editor.max_words', size: 'xs', inputmode: 'numeric', dir: 'ltr' },
      { key: 'required', label: 'pc.col.required', kind: 'checkbox' },
    ],
  });
  const attachments = new RowTable({
    path: 'form.attachments',
    rows: s.attachments,
    make: () => ({ key: '', title_en: '', title_ja: '', types: 'application/pdf', max_bytes: '10000000', required: false }),
    caption: 'pc.form.attachments',
    rowLabel: 'pc.editor.attachment_row',
    addLabel: 'pc.editor.add_attachment',
    fields,
    onChange: noop,
    cols: [
      { key: 'key', label: 'pc.editor.key', size: 's', dir: 'ltr' },
      { key: 'title_en', label: 'pc.editor.title_en', dir: 'auto' },
      { key: 'title_ja', label: 'pc.editor.title_ja' },
      { key: 'types', label: 'pc.col.types', dir: 'ltr' },
      { key: 'max_bytes', label: 'pc.editor.max_bytes', size: 's', inputmode: 'numeric', dir: 'ltr' },
      { key: 'required', label: 'pc.col.required', kind: 'checkbox' },
    ],
  });
  const criteria = new RowTable({
    path: 'criteria',
    rows: s.criteria,
    make: () => ({ key: '', title_en: '', title_ja: '', weight: '1', scale_max: '5' }),
    caption: 'pc.criteria',
    rowLabel: 'pc.editor.criterion_row',
    addLabel: 'pc.editor.add_criterion',
    fields,
    onChange: noop,
    cols: [
      { key: 'key', label: 'pc.editor.key', size: 's', dir: 'ltr' },
      { key: 'title_en', label: 'pc.editor.title_en', dir: 'auto' },
      { key: 'title_ja', label: 'pc.editor.title_ja' },
      { key: 'weight', label: 'pc.col.weight', size: 'xs', inputmode: 'numeric', dir: 'ltr' },
      { key: 'scale_max', label: 'pc.editor.scale_max', size: 'xs', inputmode: 'numeric', dir: 'ltr' },
    ],
  });

  const message = messageRegion();
  message.setAttribute('tabindex', '-1');
  const saveBtn = h('button', { type: 'submit', class: 'btn btn-primary save-call', t: current ? 'common.save' : 'pc.editor.create' });

  // The definition as the editor holds it, or its problem shown at the field.
  const definition = (withVersion: boolean): Record<string, unknown> | null => {
    const r = editorToDefinition(s, withVersion && current ? current.version : undefined);
    if ('problem' in r) {
      showProblem(r.problem);
      return null;
    }
    return r.body;
  };
  const showProblem = (p: EditorProblem) => {
    const detail = p.reason === 'json' ? `${t('pc.editor.json_invalid')} ${p.detail}` : t('pc.editor.json_not_list');
    const err = new ApiError(400, 'invalid_argument', detail, p.field);
    fields.showError(err);
    showError(message, err, 'errors.invalid_argument_form', { withDetail: true });
    fields.focus(p.field);
  };

  const form = h(
    'form',
    { class: 'call-form', novalidate: true },
    zones,
    section(
      'pc.editor.basics',
      h(
        'div',
        { class: 'form-grid' },
        labelled('pc.editor.programme', programme),
        h('div', { class: 'field field-wide' }, h('label', { for: title.id, t: 'pc.editor.title' }), title),
        h('div', { class: 'field field-wide' }, h('label', { for: titleJa.id, t: 'pc.editor.title_ja_full' }), titleJa),
        h('div', { class: 'field field-wide' }, h('label', { for: description.id, t: 'pc.editor.description' }), description),
        h('div', { class: 'field field-wide themes-field', role: 'group', 'aria-labelledby': themesId }, h('p', { id: themesId, class: 'label', t: 'net.field.themes' }), themesBox),
      ),
    ),
    section(
      'pc.editor.timing',
      h('p', { class: 'hint', id: 'pc-wall-hint', t: 'pc.editor.wall_hint' }),
      h('div', { class: 'form-grid' }, labelled('pc.opens', opens), labelled('pc.deadline', closes), labelled('pc.time_zone', zone), labelled('pc.funding_model', model), labelled('pc.stages', stages), preField),
    ),
    section('pc.funders', h('p', { class: 'hint', t: 'pc.editor.funders_hint' }), funders.el),
    section(
      'pc.rules.title',
      h('p', { class: 'hint', id: 'pc-rules-hint', t: 'pc.editor.rules_hint' }),
      h('div', { class: 'field field-wide' }, h('label', { for: rules.id, t: 'pc.editor.rules' }), rules),
      h('h3', { t: 'pc.slots' }),
      h('p', { class: 'hint', t: 'pc.editor.slots_hint' }),
      slots.el,
    ),
    section('pc.form.title', h('h3', { t: 'pc.form.sections' }), sections.el, h('h3', { t: 'pc.form.attachments' }), attachments.el),
    section('pc.criteria', criteria.el),
    h('div', { class: 'panel call-actions' }, message, h('div', { class: 'form-actions' }, saveBtn)),
  );
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.target instanceof HTMLInputElement) event.preventDefault();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      fields.clearErrors();
      clearMessage(message);
      const body = definition(true);
      if (!body) return;
      saveBtn.disabled = true;
      try {
        if (current) {
          current = await api.put<Call>(`/calls/${current.id}`, body);
          showSuccess(message, 'pc.editor.saved', { n: current.version });
          ctx.announce('pc.editor.saved', { n: current.version });
        } else {
          const created = await api.post<Call>('/calls', body);
          ctx.announce('pc.editor.created');
          ctx.navigate(`/programmes/calls/${created.id}`);
        }
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) showError(message, err, 'pc.stale', { withDetail: true });
        else if (fields.showError(err)) {
          showError(message, err, 'errors.invalid_argument_form', { withDetail: true });
          fields.focus((err as ApiError).field);
        } else showError(message, err, err instanceof ApiError && err.status === 403 ? 'pc.editor.forbidden' : undefined, { withDetail: true });
        message.focus();
      } finally {
        saveBtn.disabled = false;
      }
    })();
  });

  return h('div', { class: 'call-editor' }, form, current ? testPanel(current, s, fields, definition) : section('pc.test.title', h('p', { class: 'muted', t: 'pc.test.save_first' })));
}

// "Test the rules against a draft": a draft as JSON (a sample to start from), checked
// against the definition in the editor, unsaved changes included.
function testPanel(call: Call, s: CallEditorState, editorFields: FieldMap, definition: (withVersion: boolean) => Record<string, unknown> | null): HTMLElement {
  const draftId = uid('draft');
  const draft = h('textarea', { id: draftId, rows: 12, dir: 'ltr', spellcheck: 'false', class: 'code draft-json' });
  draft.value = JSON.stringify(sampleDraft(s, new Date().getFullYear() + 1), null, 2);
  const draftFields = new FieldMap();
  draftFields.register('draft', draft);
  const message = messageRegion();
  const run = h('button', { type: 'button', class: 'btn btn-primary run-test', t: 'pc.test.run' });
  const sample = h('button', { type: 'button', class: 'btn', t: 'pc.test.sample' });
  const check = checklistPanel('pc.test.verdicts');
  check.el.classList.add('test-verdicts');
  renderChecklist(check.list, check.summary, null);
  sample.addEventListener('click', () => (draft.value = JSON.stringify(sampleDraft(s, new Date().getFullYear() + 1), null, 2)));
  run.addEventListener('click', () => {
    void (async () => {
      editorFields.clearErrors();
      draftFields.clearErrors();
      clearMessage(message);
      let value: unknown;
      try {
        value = JSON.parse(draft.value);
      } catch (err) {
        const e = new ApiError(400, 'invalid_argument', `${t('pc.editor.json_invalid')} ${err instanceof Error ? err.message : ''}`, 'draft');
        draftFields.showError(e);
        showError(message, e, 'errors.invalid_argument_form', { withDetail: true });
        return;
      }
      const def = definition(false);
      if (!def) return;
      run.disabled = true;
      try {
        const result = await api.post<Check>(`/calls/${call.id}/check`, { draft: value, definition: def });
        renderChecklist(check.list, check.summary, result);
      } catch (err) {
        // "definition.rules[1].group" belongs to the editor, anything else to the draft.
        if (err instanceof ApiError && err.field) {
          const f = err.field;
          const toEditor = f.startsWith('definition.') ? f.slice('definition.'.length) : editorFields.resolve(f) && !f.startsWith('draft') ? f : null;
          const shown = toEditor
            ? editorFields.showError(new ApiError(err.status, err.code, err.serverMessage, toEditor))
            : draftFields.showError(new ApiError(err.status, err.code, err.serverMessage, 'draft'));
          showError(message, err, shown ? 'errors.invalid_argument_form' : undefined, { withDetail: true });
        } else showError(message, err, undefined, { withDetail: true });
      } finally {
        run.disabled = false;
      }
    })();
  });
  const el = section(
    'pc.test.title',
    h('p', { class: 'hint', t: 'pc.test.intro' }),
    h('div', { class: 'field field-wide' }, h('label', { for: draftId, t: 'pc.test.draft' }), draft),
    message,
    h('div', { class: 'form-actions' }, run, sample),
  );
  el.classList.add('rule-test');
  el.append(check.el);
  return el;
}
