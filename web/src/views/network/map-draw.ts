// Draws the world map of the network page: world-atlas's countries (Natural Earth,
// 1:110m) through topojson-client and d3-geo into SVG paths, each country shaded by its
// count, points for organisations. Loaded only by the map page (a chunk of its own with
// the atlas), so other pages do not carry it.

import { geoEqualEarth, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import atlas from 'world-atlas/countries-110m.json';
import { alpha2OfFeature, placedPoints, pointRadius, shadeOf, type MapPoint } from '../../network/map.js';
import { s } from '../../svg.js';

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 500;

type CountryFeature = Feature<Geometry, { name: string }>;

let features: CountryFeature[] | null = null;
function countries(): CountryFeature[] {
  if (!features) {
    const topo = atlas as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    features = (feature(topo, topo.objects.countries) as FeatureCollection<Geometry, { name: string }>).features;
  }
  return features;
}

export interface DrawInput {
  counts: ReadonlyMap<string, number>;
  bounds: readonly number[];
  points: readonly MapPoint[];
  focus: readonly string[]; // alpha-2 codes to fit the view to; [] for the world
  titleId: string;
  descId: string;
  title: SVGTitleElement;
  desc: SVGDescElement;
  pointTitle: (p: MapPoint) => string;
  countryTitle: (code: string, count: number) => string;
}

export function drawMap(input: DrawInput): SVGSVGElement {
  const all = countries();
  const focus = new Set(input.focus);
  const focused = all.filter((f) => focus.has(alpha2OfFeature(f.id as string | undefined, f.properties?.name) ?? ''));
  const projection = geoEqualEarth();
  const fitTo: GeoPermissibleObjects = { type: 'FeatureCollection', features: focused.length ? focused : all } as FeatureCollection;
  projection.fitExtent(
    [
      [8, 8],
      [MAP_WIDTH - 8, MAP_HEIGHT - 8],
    ],
    fitTo,
  );
  const path = geoPath(projection);
  const land = s('g', { class: 'map-countries' });
  for (const f of all) {
    const code = alpha2OfFeature(f.id as string | undefined, f.properties?.name);
    const count = code ? (input.counts.get(code) ?? 0) : 0;
    const d = path(f);
    if (!d) continue;
    const shade = shadeOf(count, input.bounds);
    const el = s('path', { d, class: `map-country shade-${shade}${focus.size && code && !focus.has(code) ? ' is-outside' : ''}`, 'data-country': code ?? '' });
    if (code) el.append(s('title', {}, input.countryTitle(code, count)));
    land.append(el);
  }
  const dots = s('g', { class: 'map-points' });
  const pts = placedPoints(input.points);
  const max = Math.max(0, ...pts.map((p) => p.count));
  for (const p of pts) {
    const xy = projection([p.lng!, p.lat!]);
    if (!xy || !Number.isFinite(xy[0]) || !Number.isFinite(xy[1])) continue;
    dots.append(
      s('circle', { cx: Math.round(xy[0] * 10) / 10, cy: Math.round(xy[1] * 10) / 10, r: pointRadius(p.count, max), class: 'map-point', 'data-org': p.org_id }, s('title', {}, input.pointTitle(p))),
    );
  }
  return s(
    'svg',
    { class: 'map-svg', viewBox: `0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`, role: 'img', 'aria-labelledby': `${input.titleId} ${input.descId}`, preserveAspectRatio: 'xMidYMid meet' },
    input.title,
    input.desc,
    s('rect', { x: 0, y: 0, width: MAP_WIDTH, height: MAP_HEIGHT, class: 'map-sea' }),
    land,
    dots,
  );
}
