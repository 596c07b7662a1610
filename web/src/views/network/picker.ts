// Choosing a person or an organisation inside a form: a search box (a field of the Form,
// so an API error naming `person_id` or `org_id` shows next to it), a button that asks
// GET /search?type=…&q=…, the matches as "Choose" buttons, and the choice shown with a
// way to clear it. Enter in the box searches instead of submitting the form.

import { api } from '../../api.js';
import { bindText, clear, h, uid } from '../../dom.js';
import type { MessageKey } from '../../i18n/core.js';
import type { SearchResponse } from '../../network/logic.js';
import { showError, type Form } from '../../ui.js';
import { nameText } from './common.js';

export interface Picked {
  id: number;
  name: string;
}

export class Picker {
  readonly el: HTMLElement;
  private picked: Picked | null = null;
  private readonly results: HTMLElement;
  private readonly chosen: HTMLElement;
  private readonly status: HTMLElement;
  private readonly input: HTMLInputElement;

  constructor(
    private readonly form: Form,
    readonly name: string,
    private readonly type: 'person' | 'organization',
    label: MessageKey,
    options: { hint?: MessageKey; initial?: Picked | null; onChange?: (p: Picked | null) => void } = {},
  ) {
    const field = form.addField({ name, label, type: 'search', hint: options.hint, autocomplete: 'off', dir: 'auto', maxlength: 300 });
    this.input = form.input(name) as HTMLInputElement;
    const button = h('button', { type: 'button', class: 'btn btn-small picker-search', t: 'pick.search' });
    this.status = h('p', { class: 'muted picker-status', role: 'status', 'aria-live': 'polite' });
    this.results = h('ul', { class: 'plain-list picker-results', id: uid('picker-results') });
    this.chosen = h('p', { class: 'picker-chosen' });
    const run = () => void this.search();
    button.addEventListener('click', run);
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        run();
      }
    });
    this.input.after(button);
    field.append(this.status, this.results, this.chosen);
    field.classList.add('picker', 'field-wide');
    this.el = field;
    this.onChange = options.onChange ?? null;
    this.set(options.initial ?? null);
  }

  private readonly onChange: ((p: Picked | null) => void) | null;

  get value(): Picked | null {
    return this.picked;
  }

  set(p: Picked | null): void {
    this.picked = p;
    clear(this.chosen);
    if (p) {
      const drop = h('button', { type: 'button', class: 'btn btn-small btn-quiet picker-clear', t: 'pick.clear' });
      drop.addEventListener('click', () => {
        this.set(null);
        this.input.focus();
      });
      this.chosen.append(h('span', { t: 'pick.chosen' }), ' ', h('strong', { class: 'picked-name' }, nameText(p.name)), ' ', drop);
    } else {
      this.chosen.append(h('span', { class: 'muted', t: 'pick.none' }));
    }
    this.onChange?.(p);
  }

  private async search(): Promise<void> {
    const q = this.input.value.trim();
    clear(this.results);
    if (!q) {
      bindText(this.status, 'pick.enter_words');
      return;
    }
    bindText(this.status, 'common.loading');
    try {
      const r = await api.get<SearchResponse>('/search', { type: this.type, q, limit: 8 });
      const items = r.items.filter((i) => i.type === this.type);
      bindText(this.status, items.length ? 'pick.found' : 'pick.nothing', { n: items.length });
      for (const item of items) {
        const choose = h(
          'button',
          { type: 'button', class: 'btn btn-small pick-item', 'data-id': item.id },
          h('span', { t: 'pick.choose' }),
          ' ',
          nameText(item.name),
        );
        choose.addEventListener('click', () => {
          this.set({ id: item.id, name: item.name });
          clear(this.results);
          bindText(this.status, 'pick.done', { name: item.name });
          this.chosen.querySelector<HTMLElement>('.picker-clear')?.focus();
        });
        this.results.append(h('li', null, choose));
      }
    } catch (err) {
      clear(this.status);
      const box = h('div', { class: 'message' });
      showError(box, err);
      this.status.append(box);
    }
  }

  // An API error naming this picker's field is shown by the Form at the search box.
  fieldError(key: MessageKey): void {
    this.form.fieldError(this.name, key);
  }
}
