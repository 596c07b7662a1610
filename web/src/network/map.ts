// Pure logic of the network map (GET /network/map, docs/network.md "Network views"),
// without the DOM: world-atlas names countries by their ISO 3166-1 numeric code, the API
// by alpha-2, so this file holds the numeric → alpha-2 table (ISO 3166-1, every assigned
// code); the counts by country added up per alpha-2 code; the shading classes; the
// points that can be placed; and the rows of the table that says the same as the map.

import { regionOfCountry } from './logic.js';

export const MAP_LAYERS = ['alumni', 'partners', 'offices'] as const;
export type MapLayer = (typeof MAP_LAYERS)[number];

export interface MapCountry {
  country: string;
  count: number;
}

export interface MapPoint {
  org_id: number;
  name: string;
  country: string;
  lat: number | null;
  lng: number | null;
  count: number;
}

export interface MapResponse {
  layer: string;
  countries: MapCountry[];
  points: MapPoint[];
}

export function isMapLayer(v: string | null | undefined): v is MapLayer {
  return (MAP_LAYERS as readonly string[]).includes(v ?? '');
}

// ISO 3166-1: numeric code, alpha-2 code; all 249 assigned entries.
const ISO_NUMERIC =
  '004AF 248AX 008AL 012DZ 016AS 020AD 024AO 660AI 010AQ 028AG 032AR 051AM 533AW 036AU 040AT 031AZ ' +
  '044BS 048BH 050BD 052BB 112BY 056BE 084BZ 204BJ 060BM 064BT 068BO 535BQ 070BA 072BW 074BV 076BR ' +
  '086IO 096BN 100BG 854BF 108BI 132CV 116KH 120CM 124CA 136KY 140CF 148TD 152CL 156CN 162CX 166CC ' +
  '170CO 174KM 178CG 180CD 184CK 188CR 384CI 191HR 192CU 531CW 196CY 203CZ 208DK 262DJ 212DM 214DO ' +
  '218EC 818EG 222SV 226GQ 232ER 233EE 748SZ 231ET 238FK 234FO 242FJ 246FI 250FR 254GF 258PF 260TF ' +
  '266GA 270GM 268GE 276DE 288GH 292GI 300GR 304GL 308GD 312GP 316GU 320GT 831GG 324GN 624GW 328GY ' +
  '332HT 334HM 336VA 340HN 344HK 348HU 352IS 356IN 360ID 364IR 368IQ 372IE 833IM 376IL 380IT 388JM ' +
  '392JP 832JE 400JO 398KZ 404KE 296KI 408KP 410KR 414KW 417KG 418LA 428LV 422LB 426LS 430LR 434LY ' +
  '438LI 440LT 442LU 446MO 450MG 454MW 458MY 462MV 466ML 470MT 584MH 474MQ 478MR 480MU 175YT 484MX ' +
  '583FM 498MD 492MC 496MN 499ME 500MS 504MA 508MZ 104MM 516NA 520NR 524NP 528NL 540NC 554NZ 558NI ' +
  '562NE 566NG 570NU 574NF 807MK 580MP 578NO 512OM 586PK 585PW 275PS 591PA 598PG 600PY 604PE 608PH ' +
  '612PN 616PL 620PT 630PR 634QA 638RE 642RO 643RU 646RW 652BL 654SH 659KN 662LC 663MF 666PM 670VC ' +
  '882WS 674SM 678ST 682SA 686SN 688RS 690SC 694SL 702SG 534SX 703SK 705SI 090SB 706SO 710ZA 239GS ' +
  '728SS 724ES 144LK 729SD 740SR 744SJ 752SE 756CH 760SY 158TW 762TJ 834TZ 764TH 626TL 768TG 772TK ' +
  '776TO 780TT 788TN 792TR 795TM 796TC 798TV 800UG 804UA 784AE 826GB 840US 581UM 858UY 860UZ 548VU ' +
  '862VE 704VN 092VG 850VI 876WF 732EH 887YE 894ZM 716ZW';

export const NUMERIC_TO_ALPHA2: ReadonlyMap<string, string> = new Map(
  ISO_NUMERIC.split(' ').map((e) => [e.slice(0, 3), e.slice(3)] as [string, string]),
);

// Shapes world-atlas draws without a numeric code. Kosovo has no ISO code; asta uses XK
// (src/core/regions.h). Northern Cyprus and Somaliland are left unshaded: asta records
// no country of theirs, and counting them into another country would misplace data.
const NAMED_WITHOUT_CODE: Record<string, string> = { Kosovo: 'XK' };

// The alpha-2 code of a world-atlas feature: its numeric id ("032", 32 or "32"), else
// its name for the few shapes without an id; null when neither is known.
export function alpha2OfFeature(id: string | number | null | undefined, name?: string | null): string | null {
  if (id !== null && id !== undefined && id !== '') {
    const code = NUMERIC_TO_ALPHA2.get(String(id).padStart(3, '0'));
    if (code) return code;
  }
  return (name && NAMED_WITHOUT_CODE[name]) || null;
}

// Counts by alpha-2 code: codes upper-cased, malformed ones dropped, repeats added up.
export function countsByCountry(countries: readonly MapCountry[] | null | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of countries ?? []) {
    const code = (c.country ?? '').trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(code) || !(Number.isFinite(c.count) && c.count > 0)) continue;
    out.set(code, (out.get(code) ?? 0) + c.count);
  }
  return out;
}

export const SHADE_STEPS = 5;

// Upper bounds of the shades 1..SHADE_STEPS for counts up to `max`: doubling steps
// ending at max, so a few large countries do not wash out the rest. Always increasing.
export function shadeBounds(max: number, steps = SHADE_STEPS): number[] {
  if (!(max > 0)) return [];
  const bounds: number[] = [];
  for (let i = steps - 1; i >= 0; i--) bounds.push(Math.max(1, Math.ceil(max / 2 ** i)));
  // Small maxima give repeats (1, 1, 2, 3, 5): keep each bound once.
  return bounds.filter((b, i) => i === 0 || b > bounds[i - 1]!);
}

// The shade of a count: 0 for none, else 1..steps by the first bound holding it. With
// fewer bounds than steps (small counts) the darkest shades are used, so the largest
// count is always drawn darkest.
export function shadeOf(count: number, bounds: readonly number[], steps = SHADE_STEPS): number {
  if (!(count > 0) || !bounds.length) return 0;
  const i = bounds.findIndex((b) => count <= b);
  return steps - bounds.length + (i < 0 ? bounds.length : i + 1);
}

// The legend: each shade with the range of counts it stands for.
export function shadeLegend(bounds: readonly number[], steps = SHADE_STEPS): { shade: number; from: number; to: number }[] {
  return bounds.map((to, i) => ({ shade: steps - bounds.length + i + 1, from: i === 0 ? 1 : bounds[i - 1]! + 1, to }));
}

// Points that can be drawn: coordinates present and on the globe.
export function placedPoints(points: readonly MapPoint[] | null | undefined): MapPoint[] {
  return (points ?? []).filter(
    (p) => typeof p.lat === 'number' && typeof p.lng === 'number' && Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180 && Number.isFinite(p.lat + p.lng),
  );
}

// A point's radius in the map's units: by the square root of its count, 3 to 12.
export function pointRadius(count: number, max: number): number {
  if (!(max > 0) || !(count > 0)) return 3;
  return Math.round((3 + 9 * Math.sqrt(Math.min(count, max) / max)) * 10) / 10;
}

export interface CountryRow {
  country: string;
  region: string | null;
  count: number;
}

// The table alternative: every country with a count, largest first, then by code.
export function countryRows(counts: ReadonlyMap<string, number>): CountryRow[] {
  return [...counts.entries()]
    .map(([country, count]) => ({ country, region: regionOfCountry(country), count }))
    .sort((a, b) => b.count - a.count || a.country.localeCompare(b.country));
}

// The map page's state in its address.
export function parseMapState(query: URLSearchParams): { layer: MapLayer; region: string } {
  const layer = query.get('layer');
  return { layer: isMapLayer(layer) ? layer : 'alumni', region: query.get('region') ?? '' };
}
