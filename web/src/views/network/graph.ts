// A person's collaboration graph on their page: GET /people/{id}/graph drawn as SVG with
// a force layout computed before drawing (src/network/graph.ts), people in asta linking
// to their pages, external co-authors drawn apart (hollow, dashed) and linking nowhere,
// edge kinds told apart by line style and named in a legend. The drawing is an image
// for assistive technology (its nodes are not tab stops); the list under it says the
// same in words, with the links.

import { api } from '../../api.js';
import { h, uid } from '../../dom.js';
import { layoutGraph, primaryKind, shapeGraph, textAlternative, type GraphResponse, type ShapedGraph } from '../../network/graph.js';
import { s, sText } from '../../svg.js';
import { messageRegion, section, showError } from '../../ui.js';
import { codeLabel, nameText } from './common.js';

const EDGE = 'edgekind';
const WIDTH = 640;
const HEIGHT = 420;

export function graphSection(personId: number, personName: string): HTMLElement {
  const holder = h('div', { class: 'graph-holder', 'aria-busy': 'true' }, h('p', { class: 'loading', t: 'common.loading' }));
  const message = messageRegion();
  const el = section('graph.title', h('p', { class: 'intro', t: 'graph.intro' }), message, holder);
  el.classList.add('graph-section');
  void (async () => {
    try {
      const g = shapeGraph(await api.get<GraphResponse>(`/people/${personId}/graph`), personId);
      holder.replaceChildren(...drawGraph(g, personName));
    } catch (err) {
      holder.replaceChildren();
      showError(message, err);
    } finally {
      holder.removeAttribute('aria-busy');
    }
  })();
  return el;
}

function label(n: { name: string; latin_name?: string }): string {
  return n.name || n.latin_name || '';
}

// Keeps labels short enough not to cover the neighbours.
function short(text: string, max = 22): string {
  return [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text;
}

function drawGraph(g: ShapedGraph, personName: string): HTMLElement[] {
  const others = g.nodes.length - (g.center === null ? 0 : 1);
  if (others <= 0) return [h('p', { class: 'muted graph-empty', t: 'graph.empty' })];
  const layout = layoutGraph(g, { width: WIDTH, height: HEIGHT, margin: 36 });
  const titleId = uid('graph-title');
  const descId = uid('graph-desc');
  const pos = (key: string) => layout.positions.get(key) ?? { x: WIDTH / 2, y: HEIGHT / 2 };

  const edges = s('g', { class: 'graph-edges' });
  for (const e of g.edges) {
    const a = pos(e.a);
    const b = pos(e.b);
    edges.append(
      s('line', {
        x1: a.x,
        y1: a.y,
        x2: b.x,
        y2: b.y,
        class: `graph-edge edge-${primaryKind(e.kinds)}${e.kinds.length > 1 ? ' edge-multi' : ''}`,
        'stroke-width': Math.min(1 + e.weight, 6),
        'data-kinds': e.kinds.join(' '),
      }),
    );
  }
  const nodes = s('g', { class: 'graph-nodes' });
  for (const n of g.nodes) {
    const p = pos(n.key);
    const center = n.key === g.center;
    const cls = ['graph-node', center ? 'node-center' : '', n.node.external ? 'node-external' : 'node-person'].filter(Boolean).join(' ');
    const text = label(n.node);
    const shape = s('circle', { cx: p.x, cy: p.y, r: center ? 14 : 9 });
    // Labels go below the node, or above it in the lower part of the drawing.
    const below = p.y < HEIGHT - 40;
    const caption = s('text', { x: p.x, y: below ? p.y + 24 : p.y - 16, 'text-anchor': 'middle', class: 'graph-label' }, short(text));
    const title = s('title', {}, text);
    const inner = [title, shape, caption];
    if (n.href) {
      // Mouse users follow the node; keyboard and screen-reader users the list below.
      nodes.append(s('a', { href: n.href, class: cls, tabindex: -1, 'data-node': n.key }, ...inner));
    } else {
      nodes.append(s('g', { class: cls, 'data-node': n.key }, ...inner));
    }
  }
  const svg = s(
    'svg',
    { class: 'graph-svg', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, preserveAspectRatio: 'xMidYMid meet' },
    sText('title', 'graph.svg_title', { name: personName }, { id: titleId }),
    sText('desc', 'graph.svg_desc', { n: others, links: g.edges.length }, { id: descId }),
    edges,
    nodes,
  );

  const legend = h(
    'ul',
    { class: 'graph-legend inline-list', ta: { 'aria-label': 'graph.legend' } },
    g.kinds.map((k) =>
      h(
        'li',
        { class: 'legend-item', 'data-kind': k },
        s('svg', { class: 'legend-swatch', viewBox: '0 0 28 10', 'aria-hidden': 'true' }, s('line', { x1: 1, y1: 5, x2: 27, y2: 5, class: `graph-edge edge-${k}` })),
        codeLabel(EDGE, k),
      ),
    ),
    h('li', { class: 'legend-item' }, s('svg', { class: 'legend-swatch', viewBox: '0 0 12 12', 'aria-hidden': 'true' }, s('circle', { cx: 6, cy: 6, r: 5, class: 'legend-node node-person' })), h('span', { t: 'graph.node_person' })),
    g.nodes.some((n) => n.node.external)
      ? h('li', { class: 'legend-item' }, s('svg', { class: 'legend-swatch', viewBox: '0 0 12 12', 'aria-hidden': 'true' }, s('circle', { cx: 6, cy: 6, r: 5, class: 'legend-node node-external' })), h('span', { t: 'graph.node_external' }))
      : null,
  );

  const listId = uid('graph-list');
  const items = textAlternative(g).map((e) =>
    h(
      'li',
      { 'data-node': e.key, class: e.node.external ? 'is-external' : undefined },
      e.href ? h('a', { href: e.href }, nameText(label(e.node))) : nameText(label(e.node)),
      e.node.external ? [' ', h('span', { class: 'badge badge-quiet', t: 'graph.external' })] : null,
      e.node.country ? [' ', h('span', { class: 'code country-code' }, e.node.country)] : null,
      ' — ',
      e.kinds.length
        ? h('span', { class: 'link-kinds' }, e.kinds.map((k, i) => [i ? ', ' : '', codeLabel(EDGE, k)]))
        : h('span', { class: 'muted', t: 'graph.indirect' }),
    ),
  );
  return [
    h('figure', { class: 'graph-figure' }, svg, h('figcaption', null, legend)),
    h('h3', { id: listId, t: 'graph.list_title' }),
    h('ul', { class: 'plain-list graph-list', 'aria-labelledby': listId }, items),
  ];
}
