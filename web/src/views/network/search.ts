// The network search: one box for names in any script, fields and keywords; a switch
// between everything, people and organisations; facet panels with counts over all
// matches, whose values toggle filters (OR within a facet, AND across); results best
// first, with "More results" following the API's cursor. The state lives in the page's
// address, so a reload or the back button from a profile returns to the same search.

import { api } from '../../api.js';
import type { Ctx } from '../../app.js';
import { bindText, clear, h, uid } from '../../dom.js';
import type { MessageKey } from '../../i18n/core.js';
import {
  facetValues,
  isFilterActive,
  parseSearchState,
  searchApiPath,
  searchStateQuery,
  splitFilter,
  toggleFilter,
  visibleFacets,
  type Facet,
  type FacetCount,
  type SearchItem,
  type SearchResponse,
  type SearchState,
  type SearchType,
} from '../../network/logic.js';
import { messageRegion, showError } from '../../ui.js';
import { facetLabel, facetValueLabel, nameText } from './common.js';
import { rememberSearch } from './search-memory.js';

// Facets longer than this show their first values and a "show all" button.
const FACET_PREVIEW = 10;

const TYPES: { value: SearchType; label: MessageKey }[] = [
  { value: '', label: 'net.type.all' },
  { value: 'person', label: 'net.type.person' },
  { value: 'organization', label: 'net.type.organization' },
];

export async function renderSearch(main: HTMLElement, ctx: Ctx): Promise<void> {
  let state: SearchState = parseSearchState(ctx.query);
  let cursor: string | null = null;
  let shown = 0;
  let total = 0;
  let ticket = 0;
  const expanded = new Set<Facet>();

  // ---------------------------------------------------------------- the search box
  const qId = uid('net-q');
  const hintId = uid('net-q-hint');
  const input = h('input', {
    id: qId,
    type: 'search',
    name: 'q',
    autocomplete: 'off',
    dir: 'auto',
    maxlength: 500,
    'aria-describedby': hintId,
  });
  input.value = state.q;
  const typeName = uid('net-type');
  const typeRadios = TYPES.map((t) => {
    const id = uid('net-type');
    const radio = h('input', { type: 'radio', id, name: typeName, value: t.value });
    radio.checked = state.type === t.value;
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      state = { ...state, q: input.value, type: t.value };
      void run();
    });
    return h('span', { class: 'type-option' }, radio, h('label', { for: id, t: t.label }));
  });
  const form = h(
    'form',
    { class: 'search-form network-search', role: 'search' },
    h('label', { for: qId, t: 'net.search.label' }),
    h('div', { class: 'inline-controls' }, input, h('button', { type: 'submit', class: 'btn btn-primary', t: 'common.search' })),
    h('p', { id: hintId, class: 'hint', t: 'net.search.hint' }),
    h('fieldset', { class: 'type-switch' }, h('legend', { t: 'net.search.type' }), typeRadios),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    state = { ...state, q: input.value };
    void run();
  });

  // ---------------------------------------------------------------- results and facets
  const message = messageRegion();
  const facetsTitle = uid('facets-title');
  const facetsBody = h('div', { class: 'facet-groups' });
  const resultsTitle = uid('results-title');
  const activeFilters = h('div', { class: 'active-filters' });
  const count = h('p', { class: 'result-count', role: 'status', 'aria-live': 'polite' });
  const list = h('ol', { class: 'results', 'aria-labelledby': resultsTitle });
  const more = h('button', { type: 'button', class: 'btn more-results', t: 'net.search.more', hidden: true });
  more.addEventListener('click', () => void loadMore());

  main.append(
    h('h1', { t: 'nav.network' }),
    h('p', { class: 'intro', t: 'net.search.intro' }),
    form,
    message,
    h(
      'div',
      { class: 'search-layout' },
      h(
        'aside',
        { class: 'panel facets', 'aria-labelledby': facetsTitle },
        h('h2', { id: facetsTitle, t: 'net.facets.title' }),
        facetsBody,
      ),
      h(
        'section',
        { class: 'panel results-panel', 'aria-labelledby': resultsTitle },
        h('h2', { id: resultsTitle, t: 'net.search.results' }),
        activeFilters,
        count,
        list,
        more,
      ),
    ),
  );

  const setFilters = (filters: string[], focus?: { facet: string; value: string }) => {
    state = { ...state, q: input.value, filters };
    void run(focus);
  };

  function renderActiveFilters(): void {
    clear(activeFilters);
    if (!state.filters.length) return;
    const chipsList = h('ul', { class: 'inline-list filter-chips' });
    for (const f of state.filters) {
      const s = splitFilter(f);
      if (!s) continue;
      const remove = h(
        'button',
        { type: 'button', class: 'filter-chip', 'data-filter': f },
        facetLabel(s.facet),
        ': ',
        facetValueLabel(s.facet, s.value),
        h('span', { class: 'visually-hidden' }, ' ', h('span', { t: 'net.filters.remove' })),
        h('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×'),
      );
      remove.addEventListener('click', () => setFilters(toggleFilter(state.filters, s.facet, s.value)));
      chipsList.append(h('li', null, remove));
    }
    const clearAll = h('button', { type: 'button', class: 'btn btn-small btn-quiet', t: 'net.filters.clear' });
    clearAll.addEventListener('click', () => setFilters([]));
    activeFilters.append(h('span', { class: 'filters-label', t: 'net.filters.active' }), chipsList);
    if (state.filters.length > 1) activeFilters.append(clearAll);
  }

  function renderFacets(facets: Record<string, FacetCount[]>): void {
    clear(facetsBody);
    const names = visibleFacets(facets, state.filters);
    if (!names.length) {
      facetsBody.append(h('p', { class: 'muted', t: 'net.facets.none' }));
      return;
    }
    for (const facet of names) {
      const values = facetValues(facet, facets[facet], state.filters);
      const titleId = uid('facet');
      const ul = h('ul', { class: 'facet-list', 'aria-labelledby': titleId });
      const all = expanded.has(facet);
      let hiddenCount = 0;
      values.forEach((v, i) => {
        const active = isFilterActive(state.filters, facet, v.value);
        if (!all && i >= FACET_PREVIEW && !active) {
          hiddenCount += 1;
          return;
        }
        const toggle = h(
          'button',
          {
            type: 'button',
            class: 'facet-value',
            'aria-pressed': String(active),
            'data-facet': facet,
            'data-value': v.value,
          },
          h('span', { class: 'facet-name' }, facetValueLabel(facet, v.value)),
          h('span', { class: 'facet-count num' }, String(v.count)),
        );
        toggle.addEventListener('click', () => setFilters(toggleFilter(state.filters, facet, v.value), { facet, value: v.value }));
        ul.append(h('li', null, toggle));
      });
      let showAll: HTMLElement | null = null;
      if (hiddenCount) {
        showAll = h('button', { type: 'button', class: 'btn btn-small btn-quiet', t: 'net.facets.show_all', tp: { n: values.length } });
        showAll.addEventListener('click', () => {
          expanded.add(facet);
          renderFacets(facets);
          facetsBody.querySelector<HTMLElement>(`[data-facet="${facet}"]`)?.focus();
        });
      }
      facetsBody.append(
        h('section', { class: 'facet-group', 'data-facet': facet }, h('h3', { id: titleId }, facetLabel(facet)), ul, showAll),
      );
    }
  }

  function resultItem(item: SearchItem): HTMLElement {
    const person = item.type === 'person';
    const href = person ? `/network/people/${item.id}` : `/network/organizations/${item.id}`;
    return h(
      'li',
      { class: 'result', 'data-type': item.type, 'data-id': item.id },
      h('a', { href, class: 'result-name' }, nameText(item.name)),
      ' ',
      h('span', { class: ['badge', person ? 'badge-person' : 'badge-organization'], t: person ? 'net.result.person' : 'net.result.organization' }),
      item.ror
        ? h('span', { class: 'result-ror' }, ' ', h('span', { class: 'muted', t: 'net.ror' }), ' ', h('span', { class: 'code', dir: 'ltr' }, item.ror))
        : null,
    );
  }

  function updateCount(): void {
    if (total === 0) bindText(count, 'net.search.none');
    else if (shown < total) bindText(count, 'net.search.showing', { shown, n: total });
    else bindText(count, 'net.search.total', { n: total });
    more.hidden = !cursor;
  }

  async function run(focus?: { facet: string; value: string }): Promise<void> {
    const mine = ++ticket;
    const qs = searchStateQuery(state);
    const href = qs ? `/network?${qs}` : '/network';
    history.replaceState(null, '', href);
    rememberSearch(href);
    list.setAttribute('aria-busy', 'true');
    try {
      const r = await api.get<SearchResponse>(searchApiPath(state));
      if (mine !== ticket) return;
      clear(message);
      message.classList.remove('is-error');
      cursor = r.next_cursor;
      total = r.total;
      shown = r.items.length;
      clear(list);
      list.append(...r.items.map(resultItem));
      renderActiveFilters();
      renderFacets(r.facets ?? {});
      updateCount();
      if (focus) {
        const selector = `button.facet-value[data-facet="${CSS.escape(focus.facet)}"][data-value="${CSS.escape(focus.value)}"]`;
        (facetsBody.querySelector<HTMLElement>(selector) ?? activeFilters.querySelector<HTMLElement>('button'))?.focus();
      }
    } catch (err) {
      if (mine === ticket) showError(message, err);
    } finally {
      if (mine === ticket) list.removeAttribute('aria-busy');
    }
  }

  async function loadMore(): Promise<void> {
    if (!cursor) return;
    const mine = ++ticket;
    more.disabled = true;
    try {
      const r = await api.get<SearchResponse>(searchApiPath(state, cursor));
      if (mine !== ticket) return;
      const first = list.children.length;
      cursor = r.next_cursor;
      total = r.total;
      shown += r.items.length;
      list.append(...r.items.map(resultItem));
      updateCount();
      // Keyboard users continue from the first new result.
      list.children[first]?.querySelector<HTMLElement>('a')?.focus();
    } catch (err) {
      if (mine === ticket) showError(message, err);
    } finally {
      more.disabled = false;
    }
  }

  await run();
}
