// The network map: alumni by country (countries shaded by how many), partner
// organisations or overseas offices as points, for the world or one region
// (GET /network/map?layer=&region=). The drawing is an image with a title and a summary;
// the tables under it hold the same numbers, with links, for those who do not see it.

import { api } from '../../api.js';
import type { Ctx } from '../../app.js';
import { clear, h, uid } from '../../dom.js';
import { onLanguageChange, t, type MessageKey } from '../../i18n/core.js';
import { REGIONS, countriesOfRegion } from '../../network/logic.js';
import { MAP_LAYERS, countryRows, countsByCountry, parseMapState, placedPoints, shadeBounds, shadeLegend, type MapLayer, type MapResponse } from '../../network/map.js';
import { sText } from '../../svg.js';
import { emptyRow, messageRegion, section, showError, tableWrap, th, type Option } from '../../ui.js';
import { CODE_PREFIX, codeLabel, codeOption, countryLabel, nameText } from './common.js';

export async function renderMap(main: HTMLElement, ctx: Ctx): Promise<void> {
  let state = parseMapState(ctx.query);
  main.append(h('h1', { t: 'nav.network.map' }), h('p', { class: 'intro', t: 'map.intro' }));

  // ------------------------------------------------------------ controls
  const layerName = uid('layer');
  const radios = MAP_LAYERS.map((layer) => {
    const id = uid('layer');
    const radio = h('input', { type: 'radio', id, name: layerName, value: layer });
    radio.checked = state.layer === layer;
    radio.addEventListener('change', () => {
      if (radio.checked) void show({ ...state, layer });
    });
    return h('span', { class: 'type-option' }, radio, h('label', { for: id, t: `map.layer.${layer}` as MessageKey }));
  });
  const regionId = uid('region');
  const regionOptions: Option[] = [{ value: '', label: 'map.world' }, ...REGIONS.map((r) => codeOption(CODE_PREFIX.region, r))];
  const region = h('select', { id: regionId, name: 'region' });
  for (const o of regionOptions) {
    const opt = h('option', { value: o.value, t: o.label });
    if (o.value === state.region) opt.selected = true;
    region.append(opt);
  }
  region.addEventListener('change', () => void show({ ...state, region: region.value }));
  const controls = h(
    'form',
    { class: 'map-controls', novalidate: true },
    h('fieldset', { class: 'type-switch' }, h('legend', { t: 'map.layer' }), radios),
    h('div', { class: 'field' }, h('label', { for: regionId, t: 'map.region' }), region),
  );
  controls.addEventListener('submit', (e) => e.preventDefault());

  const message = messageRegion();
  const figure = h('figure', { class: 'map-figure', 'aria-busy': 'true' }, h('p', { class: 'loading', t: 'common.loading' }));
  const tables = h('div', { class: 'map-tables' });
  main.append(section('map.view_title', controls, message, figure), tables);

  let ticket = 0;
  async function show(next: { layer: MapLayer; region: string }): Promise<void> {
    state = next;
    const mine = ++ticket;
    const qs = new URLSearchParams({ layer: state.layer });
    if (state.region) qs.set('region', state.region);
    history.replaceState(null, '', `/network/map?${qs}`);
    figure.setAttribute('aria-busy', 'true');
    try {
      const [data, draw] = await Promise.all([
        api.get<MapResponse>('/network/map', { layer: state.layer, region: state.region }),
        import('./map-draw.js'),
      ]);
      if (mine !== ticket) return;
      clear(message);
      message.classList.remove('is-error');
      render(data, draw);
    } catch (err) {
      if (mine === ticket) {
        clear(figure);
        showError(message, err);
      }
    } finally {
      if (mine === ticket) figure.removeAttribute('aria-busy');
    }
  }

  let last: { data: MapResponse; draw: typeof import('./map-draw.js') } | null = null;
  function render(data: MapResponse, draw: typeof import('./map-draw.js')): void {
    last = { data, draw };
    const counts = countsByCountry(data.countries);
    const max = Math.max(0, ...counts.values());
    const bounds = shadeBounds(max);
    const points = data.points ?? [];
    const placed = placedPoints(points);
    const layerKey = `map.layer.${state.layer}` as MessageKey;
    const titleId = uid('map-title');
    const descId = uid('map-desc');
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const svg = draw.drawMap({
      counts,
      bounds,
      points: placed,
      focus: countriesOfRegion(state.region),
      titleId,
      descId,
      title: sText('title', 'map.svg_title', { layer: t(layerKey), where: state.region ? t(`region.${state.region}` as MessageKey) : t('map.world') }, { id: titleId }),
      desc: sText('desc', 'map.svg_desc', { total, countries: counts.size, points: placed.length }, { id: descId }),
      countryTitle: (code, count) => `${code}: ${count}`,
      pointTitle: (p) => `${p.name} (${p.country}): ${p.count}`,
    });
    const legend = h(
      'ul',
      { class: 'map-legend inline-list', ta: { 'aria-label': 'map.legend' } },
      h('li', { class: 'legend-item legend-title', t: state.layer === 'alumni' ? 'map.legend_alumni' : 'map.legend_count' }),
      shadeLegend(bounds).map((b) =>
        h('li', { class: 'legend-item' }, h('span', { class: `legend-shade shade-${b.shade}`, 'aria-hidden': 'true' }), b.from === b.to ? String(b.to) : `${b.from}–${b.to}`),
      ),
      placed.length ? h('li', { class: 'legend-item' }, h('span', { class: 'legend-point', 'aria-hidden': 'true' }), h('span', { t: 'map.legend_point' })) : null,
    );
    figure.replaceChildren(svg, h('figcaption', null, legend));

    // ------------------------------------------------------------ the tables
    const rows = countryRows(counts);
    const cBody = h('tbody');
    if (!rows.length) cBody.append(emptyRow(3));
    for (const r of rows) {
      cBody.append(h('tr', { 'data-country': r.country }, h('td', null, h('span', { class: 'code country-code' }, r.country)), h('td', null, r.region ? codeLabel(CODE_PREFIX.region, r.region) : '—'), h('td', { class: 'num' }, String(r.count))));
    }
    const countTitle: MessageKey = state.layer === 'alumni' ? 'map.col.alumni' : 'map.col.count';
    const countryTable = h(
      'table',
      { class: 'data-table map-countries-table' },
      h('caption', { class: 'visually-hidden', t: 'map.table_countries' }),
      h('thead', null, h('tr', null, th('net.org.country'), th('net.facet.region'), th(countTitle))),
      cBody,
    );
    const parts: HTMLElement[] = [section('map.table_countries', tableWrap(countryTable, 'map.table_countries'))];
    if (points.length) {
      const pBody = h('tbody');
      const sorted = [...points].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
      for (const p of sorted) {
        pBody.append(
          h(
            'tr',
            { 'data-org': p.org_id },
            h('td', { class: 'name-cell' }, h('a', { href: `/network/organizations/${p.org_id}` }, nameText(p.name))),
            h('td', null, countryLabel(p.country)),
            h('td', { class: 'num' }, String(p.count)),
          ),
        );
      }
      const pointTable = h(
        'table',
        { class: 'data-table map-points-table' },
        h('caption', { class: 'visually-hidden', t: 'map.table_points' }),
        h('thead', null, h('tr', null, th('net.col.organization'), th('net.org.country'), th('map.col.count'))),
        pBody,
      );
      parts.push(section('map.table_points', tableWrap(pointTable, 'map.table_points')));
    }
    tables.replaceChildren(...parts);
  }

  // The drawing's title is composed from several messages: redrawn in the new language.
  const off = onLanguageChange(() => {
    if (!figure.isConnected) off();
    else if (last) render(last.data, last.draw);
  });
  await show(state);
}
