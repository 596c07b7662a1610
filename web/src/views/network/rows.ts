// A list edited as rows inside a Form (affiliations, stays in Japan, other names, an
// organisation's names): each row a fieldset numbered "Affiliation 2", its inputs
// registered with the form so an API error naming "affiliations[1].start" shows next to
// that input, a "Remove" button per row and an "Add" button below.

import { bindText, h, uid } from '../../dom.js';
import type { MessageKey } from '../../i18n/core.js';
import { errorTarget, sentRowIndexes } from '../../network/logic.js';
import type { FieldSpec, Form } from '../../ui.js';

export interface RowLabels {
  title: MessageKey; // the list's legend
  row: MessageKey; // one row's legend, with {n}
  add: MessageKey;
  empty: MessageKey;
}

interface Row {
  id: string;
  el: HTMLElement;
  legend: HTMLElement;
}

export class RowList {
  readonly el: HTMLFieldSetElement;
  private readonly body: HTMLElement;
  private readonly emptyNote: HTMLElement;
  private rows: Row[] = [];

  constructor(
    private readonly form: Form,
    readonly list: string,
    private readonly keys: string[],
    private readonly specs: (values: Record<string, string>) => Omit<FieldSpec, 'name'>[],
    private readonly labels: RowLabels,
    readonly defaultKey: string,
    // Inputs that do not make a row count as filled (see sentRowIndexes).
    private readonly ignoreWhenBlank: readonly string[] = [],
  ) {
    this.body = h('div', { class: 'row-items' });
    this.emptyNote = h('p', { class: 'muted row-empty', t: labels.empty });
    const add = h('button', { type: 'button', class: 'btn btn-small add-row', t: labels.add });
    add.addEventListener('click', () => this.add({}, true));
    this.el = h(
      'fieldset',
      { class: ['row-list', `rows-${list}`], 'data-list': list },
      h('legend', { class: 'row-list-title', t: labels.title }),
      this.emptyNote,
      this.body,
      h('div', { class: 'row-list-actions' }, add),
    );
  }

  name(rowId: string, key: string): string {
    return `${this.list}.${rowId}.${key}`;
  }

  add(values: Record<string, string>, focus = false): void {
    const id = uid('row').replace(/[^a-z0-9-]/gi, '');
    const legend = h('legend', { id: uid('row-legend'), class: 'row-title' });
    const grid = h('div', { class: 'form-grid row-grid' });
    this.specs(values).forEach((spec, i) => {
      const key = this.keys[i]!;
      grid.append(this.form.addField({ ...spec, name: this.name(id, key), value: values[key] ?? '' }));
    });
    const remove = h('button', { type: 'button', id: uid('remove'), class: 'btn btn-small btn-quiet remove-row', t: 'net.remove_row' });
    remove.setAttribute('aria-labelledby', `${remove.id} ${legend.id}`);
    remove.addEventListener('click', () => this.remove(id));
    const el = h('fieldset', { class: 'row-item', 'data-row': id }, legend, grid, h('div', { class: 'row-actions' }, remove));
    this.rows.push({ id, el, legend });
    this.body.append(el);
    this.renumber();
    if (focus) this.form.input(this.name(id, this.keys[0]!)).focus();
  }

  remove(rowId: string): void {
    const i = this.rows.findIndex((r) => r.id === rowId);
    if (i < 0) return;
    const [row] = this.rows.splice(i, 1);
    for (const key of this.keys) this.form.removeField(this.name(rowId, key));
    row!.el.remove();
    this.renumber();
    // Focus stays in the list: the row now in its place, else the "Add" button.
    const next = this.rows[i] ?? this.rows[i - 1];
    if (next) this.form.input(this.name(next.id, this.keys[0]!)).focus();
    else this.el.querySelector<HTMLElement>('.add-row')?.focus();
  }

  setAll(list: Record<string, string>[]): void {
    for (const r of [...this.rows]) {
      for (const key of this.keys) this.form.removeField(this.name(r.id, key));
      r.el.remove();
    }
    this.rows = [];
    for (const values of list) this.add(values);
    this.renumber();
  }

  values(): Record<string, string>[] {
    return this.rows.map((r) => Object.fromEntries(this.keys.map((k) => [k, this.form.rawValue(this.name(r.id, k))])));
  }

  // The input an API error about this list belongs to: item n as sent is the n-th row
  // that was not blank.
  inputFor(apiField: string): string | null {
    const target = errorTarget(apiField);
    if (!target || target.field !== this.list || !target.row) return null;
    const shown = sentRowIndexes(this.values(), this.ignoreWhenBlank)[target.row.index];
    const row = shown === undefined ? undefined : this.rows[shown];
    if (!row) return null;
    const name = this.name(row.id, target.row.key);
    return this.form.has(name) ? name : this.name(row.id, this.defaultKey);
  }

  private renumber(): void {
    this.rows.forEach((r, i) => bindText(r.legend, this.labels.row, { n: i + 1 }));
    this.emptyNote.hidden = this.rows.length > 0;
  }
}
