// The network views' pure logic: the collaboration graph shaped and laid out with
// d3-force, its text alternative; the map's numeric → alpha-2 table checked against
// world-atlas and against asta's own list of countries, the counts and shades.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { layoutGraph, nodeHref, primaryKind, shapeGraph, textAlternative, type GraphResponse } from '../src/network/graph.js';
import {
  NUMERIC_TO_ALPHA2,
  alpha2OfFeature,
  countryRows,
  countsByCountry,
  parseMapState,
  placedPoints,
  pointRadius,
  shadeBounds,
  shadeLegend,
  shadeOf,
} from '../src/network/map.js';
import { allCountries } from '../src/network/logic.js';

function sampleGraph(): GraphResponse {
  return {
    nodes: [
      { id: 1, person_id: 1, name: '山田 太郎', latin_name: 'Yamada Taro', country: 'JP', center: true, external: false },
      { id: 2, person_id: 2, name: 'Somchai Srisuk', latin_name: 'Somchai Srisuk', country: 'TH', center: false, external: false },
      { id: 3, person_id: 3, name: 'Nguyễn Thị Hoa', latin_name: 'Nguyen Thi Hoa', country: 'VN', center: false, external: false },
      { id: 'x:1', person_id: null, name: 'A. External', latin_name: 'A. External', country: '', center: false, external: true },
    ],
    edges: [
      { source: 1, target: 2, kinds: ['coauthor'], weight: 2, via: ['10.1000/xyz'] },
      { source: 2, target: 1, kinds: ['programme'], weight: 1, via: 'Re-invitation 2026' },
      { source: 1, target: 'x:1', kinds: ['coauthor'], weight: 1, via: null },
      { source: 2, target: 3, kinds: ['coauthor'], weight: 1, via: [] },
      { source: 3, target: 3, kinds: ['coauthor'], weight: 1, via: [] },
      { source: 3, target: 99, kinds: ['coauthor'], weight: 1, via: [] },
    ],
  };
}

test('the graph: reverse edges folded with their kinds, self-loops and dangling edges dropped', () => {
  const g = shapeGraph(sampleGraph());
  assert.equal(g.center, '1');
  assert.equal(g.nodes.length, 4);
  assert.equal(g.edges.length, 3);
  const e12 = g.edges.find((e) => e.a === '1' && e.b === '2')!;
  assert.deepEqual(e12.kinds, ['coauthor', 'programme']);
  assert.equal(e12.weight, 3);
  assert.deepEqual(e12.via, ['10.1000/xyz', 'Re-invitation 2026']);
  assert.deepEqual(g.kinds, ['coauthor', 'programme']);
  assert.equal(g.nodes.find((n) => n.key === '2')!.degree, 2);
  assert.equal(primaryKind(['programme', 'coauthor']), 'coauthor');
  assert.equal(primaryKind(['mentor']), 'mentor');
});

test('nodes link to people in asta; external co-authors link nowhere', () => {
  assert.equal(nodeHref({ id: 7, person_id: 7, name: 'x' }), '/network/people/7');
  assert.equal(nodeHref({ id: 'p7', person_id: 7, name: 'x' }), '/network/people/7');
  assert.equal(nodeHref({ id: 'x:1', person_id: null, name: 'x', external: true }), null);
  assert.equal(nodeHref({ id: 'ext-abc', name: 'x' }), null);
  // No node flagged centre: the person whose page it is.
  const g = sampleGraph();
  g.nodes[0]!.center = false;
  assert.equal(shapeGraph(g, 2).center, '2');
  assert.deepEqual(shapeGraph(null), { nodes: [], edges: [], center: null, kinds: [] });
});

test('the layout pins the centre, keeps everyone inside the box, apart, and is the same every time', () => {
  const g = shapeGraph(sampleGraph());
  const l = layoutGraph(g, { width: 600, height: 400, margin: 30 });
  assert.deepEqual(l.positions.get('1'), { x: 300, y: 200 });
  const pts = [...l.positions.values()];
  assert.equal(pts.length, 4);
  for (const p of pts) {
    assert.ok(p.x >= 30 && p.x <= 570 && p.y >= 30 && p.y <= 370, `outside the box: ${JSON.stringify(p)}`);
  }
  for (let i = 0; i < pts.length; i++) {
    for (let j = i + 1; j < pts.length; j++) {
      const d = Math.hypot(pts[i]!.x - pts[j]!.x, pts[i]!.y - pts[j]!.y);
      assert.ok(d > 20, `nodes ${i} and ${j} overlap (${d.toFixed(1)})`);
    }
  }
  assert.deepEqual([...layoutGraph(g, { width: 600, height: 400, margin: 30 }).positions], [...l.positions]);
  // A big star still fits.
  const star: GraphResponse = { nodes: [{ id: 0, name: 'c', center: true }], edges: [] };
  for (let i = 1; i <= 60; i++) {
    star.nodes.push({ id: i, name: `n${i}` });
    star.edges.push({ source: 0, target: i, kinds: ['coauthor'], weight: 1 });
  }
  const big = layoutGraph(shapeGraph(star), { width: 600, height: 400, margin: 20 });
  for (const p of big.positions.values()) assert.ok(p.x >= 20 && p.x <= 580 && p.y >= 20 && p.y <= 380);
});

test('the text alternative lists everyone but the centre, strongest link first', () => {
  const list = textAlternative(shapeGraph(sampleGraph()));
  assert.deepEqual(list.map((e) => e.key), ['2', 'x:1', '3']);
  assert.deepEqual(list[0]!.kinds, ['coauthor', 'programme']);
  assert.equal(list[0]!.href, '/network/people/2');
  assert.equal(list[1]!.href, null);
  assert.deepEqual(list[2]!.kinds, []); // linked only through Somchai
  assert.equal(list[2]!.links, 1);
});

test('the numeric → alpha-2 table covers every country asta knows, once each', () => {
  const alpha = [...NUMERIC_TO_ALPHA2.values()];
  assert.equal(NUMERIC_TO_ALPHA2.size, 249);
  assert.equal(new Set(alpha).size, 249, 'an alpha-2 code appears twice');
  const known = new Set(allCountries());
  for (const a of alpha) assert.ok(known.has(a), `${a} is not a country asta knows`);
  for (const k of known) if (k !== 'XK') assert.ok(alpha.includes(k), `${k} has no numeric code`);
  for (const [num, a] of [['392', 'JP'], ['764', 'TH'], ['704', 'VN'], ['840', 'US'], ['826', 'GB'], ['076', 'BR'], ['036', 'AU'], ['818', 'EG']]) {
    assert.equal(NUMERIC_TO_ALPHA2.get(num!), a);
  }
});

test('every shape of world-atlas countries-110m maps to a country (but two without a code)', () => {
  const require = createRequire(import.meta.url);
  const atlas = JSON.parse(readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8')) as {
    objects: { countries: { geometries: { id?: string; properties: { name: string } }[] } };
  };
  const unmapped = atlas.objects.countries.geometries.filter((g) => !alpha2OfFeature(g.id, g.properties.name)).map((g) => g.properties.name);
  assert.deepEqual(unmapped.sort(), ['N. Cyprus', 'Somaliland']);
  const byName = new Map(atlas.objects.countries.geometries.map((g) => [g.properties.name, alpha2OfFeature(g.id, g.properties.name)]));
  assert.equal(byName.get('Japan'), 'JP');
  assert.equal(byName.get('Kosovo'), 'XK');
  assert.equal(byName.get('Argentina'), 'AR'); // id "032": leading zeros
  assert.equal(alpha2OfFeature(32), 'AR');
  assert.equal(alpha2OfFeature('999'), null);
});

test('counts by country, shades with a legend, placed points, the table', () => {
  const counts = countsByCountry([
    { country: 'th', count: 3 },
    { country: 'TH', count: 2 },
    { country: 'VN', count: 40 },
    { country: 'Thailand', count: 9 },
    { country: 'JP', count: 0 },
  ]);
  assert.deepEqual([...counts], [['TH', 5], ['VN', 40]]);
  const bounds = shadeBounds(40);
  assert.deepEqual(bounds, [3, 5, 10, 20, 40]);
  assert.equal(shadeOf(0, bounds), 0);
  assert.equal(shadeOf(1, bounds), 1);
  assert.equal(shadeOf(5, bounds), 2);
  assert.equal(shadeOf(40, bounds), 5);
  assert.equal(shadeOf(41, bounds), 5);
  assert.deepEqual(shadeBounds(2), [1, 2]);
  // Few bounds: the largest count still gets the darkest shade.
  assert.equal(shadeOf(2, [1, 2]), 5);
  assert.equal(shadeOf(1, [1, 2]), 4);
  assert.deepEqual(shadeLegend([1, 2, 4]), [{ shade: 3, from: 1, to: 1 }, { shade: 4, from: 2, to: 2 }, { shade: 5, from: 3, to: 4 }]);
  assert.deepEqual(shadeLegend(bounds).map((l) => l.shade), [1, 2, 3, 4, 5]);
  assert.deepEqual(shadeBounds(0), []);
  const pts = placedPoints([
    { org_id: 1, name: 'a', country: 'TH', lat: 13.7, lng: 100.5, count: 2 },
    { org_id: 2, name: 'b', country: 'TH', lat: null, lng: 100, count: 1 },
    { org_id: 3, name: 'c', country: 'TH', lat: 95, lng: 0, count: 1 },
  ]);
  assert.deepEqual(pts.map((p) => p.org_id), [1]);
  assert.equal(pointRadius(10, 10), 12);
  assert.equal(pointRadius(0, 10), 3);
  assert.ok(pointRadius(2, 10) < pointRadius(5, 10));
  assert.deepEqual(countryRows(counts), [
    { country: 'VN', region: 'southeast-asia', count: 40 },
    { country: 'TH', region: 'southeast-asia', count: 5 },
  ]);
  assert.deepEqual(parseMapState(new URLSearchParams('layer=partners&region=europe')), { layer: 'partners', region: 'europe' });
  assert.deepEqual(parseMapState(new URLSearchParams('layer=bogus')), { layer: 'alumni', region: '' });
});

test('edge kinds, map layers and call states have labels in both languages', async () => {
  const { en, ja } = await import('../src/i18n/messages.js');
  const { EDGE_KINDS } = await import('../src/network/graph.js');
  const { MAP_LAYERS } = await import('../src/network/map.js');
  const keys = [
    ...EDGE_KINDS.map((k) => `edgekind.${k}`),
    ...MAP_LAYERS.map((l) => `map.layer.${l}`),
    ...['open', 'not_yet', 'over', 'closed'].map((s) => `prog.call_state.${s}`),
    ...['not_yet', 'over', 'closed'].map((s) => `prog.call_warning.${s}`),
  ];
  for (const k of keys) {
    assert.ok(k in en, `no English label ${k}`);
    assert.ok((ja as Record<string, string>)[k], `no Japanese label ${k}`);
  }
});
