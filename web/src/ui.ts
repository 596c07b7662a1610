// Shared widgets: forms with field-level errors, message regions, tables that scroll
// inside their own box, pagination controls, and the "no access" panel.

import { ApiError } from './api.js';
import type { MessageKey, Params } from './i18n/core.js';
import { bindText, clear, h, setLiteral, uid, type Child } from './dom.js';

export type FieldInput = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface Option {
  value: string;
  label?: MessageKey;
  labelParams?: Params;
  text?: string; // literal text (names from the data) when there is no label key
  lang?: string;
}

export interface FieldSpec {
  name: string;
  label: MessageKey;
  type?: 'text' | 'email' | 'password' | 'search' | 'select' | 'checkbox' | 'number' | 'textarea' | 'file' | 'date';
  required?: boolean;
  optional?: boolean; // adds "(optional)" after the label
  autocomplete?: string;
  hint?: MessageKey;
  options?: Option[];
  value?: string;
  checked?: boolean;
  maxlength?: number;
  dir?: 'auto' | 'ltr';
  inputmode?: string;
  spellcheck?: boolean;
  rows?: number; // textarea
  accept?: string; // file
  wide?: boolean; // spans the whole form row
  lang?: string; // the language expected in the input (a Japanese biography)
}

interface FieldParts {
  wrapper: HTMLElement;
  input: FieldInput;
  error: HTMLElement;
  hintId: string | null;
}

export function optionEl(o: Option, selected = false): HTMLOptionElement {
  const el = h('option', { value: o.value, lang: o.lang });
  if (o.label) bindText(el, o.label, o.labelParams);
  else el.textContent = o.text ?? o.value;
  if (selected) el.selected = true;
  return el;
}

export function setOptions(select: HTMLSelectElement, options: Option[], value?: string): void {
  const keep = value ?? select.value;
  clear(select);
  for (const o of options) select.appendChild(optionEl(o, o.value === keep));
}

// Shows an error (or a success) in a message region: a catalogue message in the user's
// language, and for API errors the server's own detail beneath it.
// `withDetail` keeps the server's detail under an overriding message.
export function showError(region: HTMLElement, err: unknown, override?: MessageKey, options: { withDetail?: boolean } = {}): void {
  clear(region);
  region.classList.remove('is-success');
  region.classList.add('is-error');
  const key: MessageKey = override ?? (err instanceof ApiError ? err.messageKey : 'errors.internal');
  region.appendChild(h('p', { class: 'msg-main', t: key }));
  if ((!override || options.withDetail) && err instanceof ApiError && err.serverMessage && err.status !== 0) {
    region.appendChild(
      h('p', { class: 'msg-detail' }, h('span', { t: 'errors.server_said' }), ' ', detailText(err)),
    );
  } else if (err !== null && !(err instanceof ApiError)) {
    console.error(err);
  }
}

function detailText(err: ApiError): HTMLElement {
  const span = h('span', { dir: 'auto' });
  setLiteral(span, err.serverMessage);
  return span;
}

export function showSuccess(region: HTMLElement, key: MessageKey, params?: Params): void {
  clear(region);
  region.classList.remove('is-error');
  region.classList.add('is-success');
  region.appendChild(h('p', { class: 'msg-main', t: key, tp: params }));
}

export function clearMessage(region: HTMLElement): void {
  clear(region);
  region.classList.remove('is-error', 'is-success');
}

// A message region announced to screen readers. It stays in the document (empty and
// collapsed by CSS when there is nothing to say) so that assistive technology notices
// when text is put into it.
export function messageRegion(): HTMLElement {
  return h('div', { class: 'message', role: 'status', 'aria-live': 'polite' });
}

export class Form {
  readonly el: HTMLFormElement;
  readonly message: HTMLElement;
  readonly submit: HTMLButtonElement;
  private readonly fields = new Map<string, FieldParts>();
  private readonly prefix: string;
  private submitLabel: MessageKey;
  // API field names that differ from the form's input names ("recipient.name" → "name").
  aliases: Record<string, string> = {};
  // The file input that API errors naming a place in the file (not a field) belong to.
  locationField: string | null = null;
  // Maps an API error's field to an input name when aliases are not enough (rows added
  // and removed at run time: "affiliations[1].start"); null falls back to the aliases.
  fieldFor: ((apiField: string) => string | null) | null = null;

  constructor(
    prefix: string,
    specs: FieldSpec[],
    submitLabel: MessageKey,
    onSubmit: (form: Form) => Promise<void>,
    options: { extraButtons?: HTMLElement[]; class?: string; labelledBy?: string } = {},
  ) {
    this.prefix = uid(prefix);
    this.submitLabel = submitLabel;
    this.message = messageRegion();
    this.submit = h('button', { type: 'submit', class: 'btn btn-primary', t: submitLabel });
    const grid = h('div', { class: 'form-grid' });
    for (const spec of specs) grid.appendChild(this.buildField(spec));
    this.el = h(
      'form',
      {
        class: ['form', options.class],
        novalidate: true,
        'aria-labelledby': options.labelledBy,
      },
      this.message,
      grid,
      h('div', { class: 'form-actions' }, this.submit, options.extraButtons ?? []),
    );
    this.el.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.run(onSubmit);
    });
  }

  private async run(onSubmit: (form: Form) => Promise<void>): Promise<void> {
    if (this.submit.disabled) return;
    this.clearErrors();
    this.setBusy(true);
    try {
      await onSubmit(this);
    } catch (err) {
      this.setError(err);
    } finally {
      this.setBusy(false);
    }
  }

  private setBusy(busy: boolean): void {
    this.submit.disabled = busy;
    this.el.setAttribute('aria-busy', busy ? 'true' : 'false');
    bindText(this.submit, busy ? 'common.saving' : this.submitLabel);
  }

  setSubmitLabel(key: MessageKey): void {
    this.submitLabel = key;
    bindText(this.submit, key);
  }

  private buildField(spec: FieldSpec): HTMLElement {
    const id = `${this.prefix}-${spec.name}`;
    const errorId = `${id}-error`;
    const hintId = spec.hint ? `${id}-hint` : null;
    const describedBy = hintId ?? undefined;
    let input: FieldInput;
    if (spec.type === 'textarea') {
      input = h('textarea', {
        id,
        name: spec.name,
        required: spec.required,
        rows: spec.rows ?? 4,
        maxlength: spec.maxlength,
        dir: spec.dir,
        lang: spec.lang,
        spellcheck: spec.spellcheck === false ? 'false' : undefined,
        'aria-describedby': describedBy,
      });
      if (spec.value !== undefined) input.value = spec.value;
    } else if (spec.type === 'select') {
      input = h('select', {
        id,
        name: spec.name,
        required: spec.required,
        'aria-describedby': describedBy,
      });
      setOptions(input, spec.options ?? [], spec.value);
    } else {
      input = h('input', {
        id,
        name: spec.name,
        type: spec.type ?? 'text',
        required: spec.required,
        autocomplete: spec.autocomplete,
        maxlength: spec.maxlength,
        dir: spec.dir,
        lang: spec.lang,
        inputmode: spec.inputmode,
        spellcheck: spec.spellcheck === false ? 'false' : undefined,
        accept: spec.accept,
        'aria-describedby': describedBy,
      });
      if (spec.type === 'checkbox') input.checked = Boolean(spec.checked);
      else if (spec.value !== undefined) input.value = spec.value;
    }
    const label = h(
      'label',
      { for: id },
      h('span', { t: spec.label }),
      spec.optional ? [' ', h('span', { class: 'optional', t: 'common.optional' })] : null,
    );
    const error = h('p', { id: errorId, class: 'field-error', hidden: true });
    const hint = hintId ? h('p', { id: hintId, class: 'hint', t: spec.hint }) : null;
    const wrapper =
      spec.type === 'checkbox'
        ? h('div', { class: 'field field-checkbox' }, input, label, hint, error)
        : h('div', { class: ['field', spec.wide && 'field-wide'] }, label, input, hint, error);
    this.fields.set(spec.name, { wrapper, input, error, hintId });
    return wrapper;
  }

  // Adds a field after the form was built (a row of a list editor); the caller places
  // the returned wrapper. Errors naming it then show next to it.
  addField(spec: FieldSpec): HTMLElement {
    if (this.fields.has(spec.name)) throw new Error(`field ${spec.name} exists`);
    return this.buildField(spec);
  }

  // Forgets a field added with addField (its row was removed); the caller removes it
  // from the page.
  removeField(name: string): void {
    this.fields.delete(name);
  }

  has(name: string): boolean {
    return this.fields.has(name);
  }

  input(name: string): FieldInput {
    const f = this.fields.get(name);
    if (!f) throw new Error(`no field ${name}`);
    return f.input;
  }

  select(name: string): HTMLSelectElement {
    return this.input(name) as HTMLSelectElement;
  }

  value(name: string): string {
    return this.input(name).value.trim();
  }

  rawValue(name: string): string {
    return this.input(name).value;
  }

  file(name: string): File | null {
    return (this.input(name) as HTMLInputElement).files?.[0] ?? null;
  }

  // Shows a message next to one field, as an API error naming that field would.
  fieldError(name: string, key: MessageKey, params?: Params): void {
    const f = this.fields.get(name);
    if (!f) throw new Error(`no field ${name}`);
    f.error.hidden = false;
    clear(f.error);
    f.error.appendChild(h('span', { t: key, tp: params }));
    f.input.setAttribute('aria-invalid', 'true');
    f.input.setAttribute('aria-describedby', [f.hintId, f.error.id].filter(Boolean).join(' '));
    f.wrapper.classList.add('has-error');
    showError(this.message, null, 'errors.invalid_argument_form');
    f.input.focus();
  }

  checked(name: string): boolean {
    return (this.input(name) as HTMLInputElement).checked;
  }

  set(name: string, value: string | boolean): void {
    const input = this.input(name);
    if (typeof value === 'boolean') (input as HTMLInputElement).checked = value;
    else input.value = value;
  }

  reset(): void {
    this.el.reset();
    this.clearErrors();
  }

  clearErrors(): void {
    clearMessage(this.message);
    for (const f of this.fields.values()) {
      f.error.hidden = true;
      clear(f.error);
      f.input.removeAttribute('aria-invalid');
      f.input.setAttribute('aria-describedby', f.hintId ?? '');
      if (!f.hintId) f.input.removeAttribute('aria-describedby');
      f.wrapper.classList.remove('has-error');
    }
  }

  // Puts an API error next to the input it names, or at the top of the form.
  setError(err: unknown): void {
    const name =
      err instanceof ApiError && err.field ? (this.fieldFor?.(err.field) ?? this.aliases[err.field] ?? err.field) : null;
    let field = name ? this.fields.get(name) : undefined;
    // A field the form does not have names a place inside an uploaded file ("line 3,
    // column kind"): shown at the file input, with that place.
    const location = err instanceof ApiError && err.field && !field && this.locationField ? err.field : null;
    if (location) field = this.fields.get(this.locationField!);
    if (err instanceof ApiError && field) {
      field.error.hidden = false;
      clear(field.error);
      field.error.appendChild(h('span', { t: location ? 'errors.in_file' : err.messageKey }));
      if (location) {
        const where = h('span', { class: 'field-error-detail error-location', dir: 'ltr' });
        setLiteral(where, location);
        field.error.append(' ', where);
      }
      if (err.serverMessage) {
        // The server's explanation (in English) on its own line under the localized one.
        const detail = detailText(err);
        detail.classList.add('field-error-detail');
        field.error.append(' ', detail);
      }
      field.input.setAttribute('aria-invalid', 'true');
      field.input.setAttribute(
        'aria-describedby',
        [field.hintId, field.error.id].filter(Boolean).join(' '),
      );
      field.wrapper.classList.add('has-error');
      showError(this.message, err, 'errors.invalid_argument_form');
      field.input.focus();
    } else {
      showError(this.message, err);
    }
  }

  success(key: MessageKey, params?: Params): void {
    showSuccess(this.message, key, params);
  }
}

export function tableWrap(table: HTMLTableElement, labelKey?: MessageKey): HTMLElement {
  // The wrapper scrolls sideways on narrow screens, so the page itself never does; it is
  // focusable so keyboard users can scroll it too.
  return h(
    'div',
    {
      class: 'table-wrap',
      tabindex: 0,
      role: 'region',
      ta: labelKey ? { 'aria-label': labelKey } : undefined,
    },
    table,
  );
}

export function th(key: MessageKey): HTMLTableCellElement {
  return h('th', { scope: 'col', t: key });
}

export function emptyRow(colspan: number): HTMLTableRowElement {
  return h('tr', null, h('td', { colspan, class: 'empty', t: 'common.no_items' }));
}

export function section(titleKey: MessageKey, ...children: Child[]): HTMLElement {
  const id = uid('section');
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': id },
    h('h2', { id, t: titleKey }),
    children,
  );
}

export function forbiddenPanel(): HTMLElement {
  return h(
    'div',
    { class: 'panel notice-panel', role: 'alert' },
    h('h2', { t: 'forbidden.title' }),
    h('p', { t: 'forbidden.body' }),
  );
}

export function isForbidden(err: unknown): boolean {
  return err instanceof ApiError && err.status === 403;
}

// Cursor pagination state: a stack of the cursors of the pages seen, so "Previous page"
// can go back without the API supporting backwards cursors.
export class Pager {
  private stack: (string | null)[] = [null];
  next: string | null = null;

  get cursor(): string | null {
    return this.stack[this.stack.length - 1] ?? null;
  }
  get pageNumber(): number {
    return this.stack.length;
  }
  reset(): void {
    this.stack = [null];
    this.next = null;
  }
  forward(): void {
    if (this.next) this.stack.push(this.next);
  }
  back(): void {
    if (this.stack.length > 1) this.stack.pop();
  }
}

export function pagerControls(
  pager: Pager,
  load: () => void,
): { el: HTMLElement; update: () => void } {
  const prev = h('button', { type: 'button', class: 'btn', t: 'common.prev_page' });
  const next = h('button', { type: 'button', class: 'btn', t: 'common.next_page' });
  const label = h('span', { class: 'page-label' });
  prev.addEventListener('click', () => {
    pager.back();
    load();
  });
  next.addEventListener('click', () => {
    pager.forward();
    load();
  });
  const update = () => {
    prev.disabled = pager.pageNumber <= 1;
    next.disabled = !pager.next;
    bindText(label, 'common.page', { n: pager.pageNumber });
  };
  update();
  return { el: h('div', { class: 'pager' }, prev, label, next), update };
}
