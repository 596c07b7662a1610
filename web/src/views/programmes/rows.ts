// A table of rows whose cells are inputs (a proposal's team and budget, a call's funders
// and form sections): rows added and removed in place, every input labelled (column and
// row number), and registered under the API's field name ("team[2].country") so that
// verdicts and errors naming it are shown there. Rows are kept one for one with what is
// sent, so the server's indexes are the rows the user sees.

import { h, replaceChildren, uid } from '../../dom.js';
import type { MessageKey } from '../../i18n/core.js';
import { optionEl, tableWrap, type Option } from '../../ui.js';
import type { FieldMap } from './common.js';

export interface Col<T extends object> {
  key: keyof T & string;
  label: MessageKey;
  kind?: 'text' | 'select' | 'checkbox' | 'textarea';
  options?: (row: T) => Option[];
  dir?: 'auto' | 'ltr';
  inputmode?: string;
  list?: string; // a <datalist> id
  size?: 'xs' | 's' | 'm' | 'l';
  upper?: boolean;
  maxlength?: number;
  // Runs after the row's value was set from the input (e.g. a funder sets its currency).
  after?: (row: T, index: number, table: RowTable<T>) => void;
}

export interface RowTableOptions<T extends object> {
  path: string; // "team", "budget", "internationalisation.targets", "funders"
  rows: T[];
  cols: Col<T>[];
  make: () => T;
  caption: MessageKey;
  rowLabel: MessageKey; // "Member {n}"
  addLabel: MessageKey;
  fields: FieldMap;
  onChange: () => void;
  class?: string;
}

export class RowTable<T extends object> {
  readonly el: HTMLElement;
  private readonly tbody = h('tbody');
  private readonly wrap: HTMLElement;

  constructor(private readonly o: RowTableOptions<T>) {
    const head = h('tr', null, h('th', { scope: 'col', class: 'row-number', t: 'pc.col.number' }), o.cols.map((c) => h('th', { scope: 'col', t: c.label })), h('th', { scope: 'col', class: 'visually-hidden-col', t: 'common.actions' }));
    const table = h('table', { class: ['data-table', 'input-table', o.class] }, h('caption', { class: 'visually-hidden', t: o.caption }), h('thead', null, head), this.tbody);
    this.wrap = tableWrap(table, o.caption);
    const add = h('button', { type: 'button', class: 'btn btn-small add-row', t: o.addLabel });
    add.addEventListener('click', () => {
      o.rows.push(o.make());
      this.render();
      o.onChange();
      this.input(o.rows.length - 1, o.cols[0]!.key)?.focus();
    });
    this.el = h('div', { class: 'row-table' }, this.wrap, h('p', { class: 'row-list-actions' }, add));
    o.fields.register(o.path, this.wrap, this.el);
    this.render();
  }

  fieldName(index: number, key: string): string {
    return `${this.o.path}[${index}].${key}`;
  }

  input(index: number, key: string): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null {
    return this.tbody.querySelector(`[data-field="${CSS.escape(this.fieldName(index, key))}"]`);
  }

  // Sets a cell's value (and the row's) from code, e.g. a currency following its funder.
  setValue(index: number, key: keyof T & string, value: string): void {
    (this.o.rows[index] as Record<string, unknown>)[key] = value;
    const el = this.input(index, key);
    if (el) el.value = value;
  }

  render(): void {
    this.o.fields.forget(`${this.o.path}[`);
    const rows = this.o.rows.map((row, i) => this.rowEl(row, i));
    replaceChildren(this.tbody, rows.length ? rows : h('tr', null, h('td', { colspan: this.o.cols.length + 2, class: 'empty', t: 'pc.rows.none' })));
  }

  private rowEl(row: T, i: number): HTMLElement {
    const cells = this.o.cols.map((c) => {
      const id = uid('cell');
      const name = this.fieldName(i, c.key);
      const value = (row as Record<string, unknown>)[c.key];
      let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
      if (c.kind === 'select') {
        input = h('select', { id, name });
        const opts = c.options?.(row) ?? [];
        const current = String(value ?? '');
        if (!opts.some((o) => o.value === current)) opts.unshift({ value: current, text: current || '—' });
        for (const o of opts) input.append(optionEl(o, o.value === current));
      } else if (c.kind === 'checkbox') {
        input = h('input', { id, name, type: 'checkbox' });
        input.checked = Boolean(value);
      } else if (c.kind === 'textarea') {
        input = h('textarea', { id, name, rows: 3, dir: c.dir, spellcheck: 'false' });
        input.value = String(value ?? '');
      } else {
        input = h('input', { id, name, type: 'text', dir: c.dir, inputmode: c.inputmode, list: c.list, maxlength: c.maxlength, autocomplete: 'off', spellcheck: c.dir === 'ltr' ? 'false' : undefined });
        input.value = value === null || value === undefined ? '' : String(value);
      }
      input.classList.add(`cell-${c.size ?? 'm'}`);
      const update = () => {
        let v: string | boolean = input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.value;
        if (typeof v === 'string' && c.upper) {
          const upper = v.toUpperCase();
          if (upper !== v) {
            const at = (input as HTMLInputElement).selectionStart;
            input.value = upper;
            if (at !== null) (input as HTMLInputElement).setSelectionRange(at, at);
          }
          v = upper;
        }
        (row as Record<string, unknown>)[c.key] = v;
        c.after?.(row, i, this);
        this.o.onChange();
      };
      input.addEventListener(c.kind === 'select' || c.kind === 'checkbox' ? 'change' : 'input', update);
      const cell = h('td', { class: `col-${c.key}` }, h('label', { for: id, class: 'visually-hidden' }, h('span', { t: c.label }), ' ', h('span', { t: this.o.rowLabel, tp: { n: i + 1 } })), input);
      this.o.fields.register(name, input, cell);
      return cell;
    });
    const remove = h('button', { type: 'button', class: 'btn btn-small btn-quiet remove-row', ta: { 'aria-label': ['pc.rows.remove', { n: i + 1 }] } }, h('span', { 'aria-hidden': 'true' }, '×'), ' ', h('span', { t: 'pc.rows.remove_short' }));
    remove.addEventListener('click', () => {
      this.o.rows.splice(i, 1);
      this.render();
      this.o.onChange();
    });
    const row_ = h('tr', { 'data-row': i }, h('th', { scope: 'row', class: 'row-number' }, String(i + 1)), cells, h('td', { class: 'row-remove' }, remove));
    this.o.fields.register(`${this.o.path}[${i}]`, row_, row_.lastElementChild as HTMLElement);
    return row_;
  }
}
