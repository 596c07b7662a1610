// Pure logic of a person's collaboration graph (GET /people/{id}/graph, docs/network.md
// "Network views"), without the DOM: the API's nodes and edges shaped for drawing (ids as
// strings, edges to unknown nodes and self-loops dropped, a pair's edges in either
// direction folded into one with their kinds united), a force layout computed up front
// with d3-force so the picture is the same on every visit and never moves under the
// pointer, and the text alternative listing each person with how they are linked.

import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';

export interface GraphNode {
  id: number | string;
  person_id?: number | null;
  name: string;
  latin_name?: string;
  country?: string;
  center?: boolean;
  external?: boolean;
}

export interface GraphEdge {
  source: number | string;
  target: number | string;
  kinds: string[];
  weight?: number;
  via?: string[] | string | null;
}

export interface GraphResponse {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const EDGE_KINDS = ['coauthor', 'programme', 'coproposer'] as const;

export interface ShapedNode extends SimulationNodeDatum {
  key: string;
  node: GraphNode;
  href: string | null;
  degree: number;
}

export interface ShapedEdge extends SimulationLinkDatum<ShapedNode> {
  a: string;
  b: string;
  kinds: string[];
  weight: number;
  via: string[];
}

export interface ShapedGraph {
  nodes: ShapedNode[];
  edges: ShapedEdge[];
  center: string | null;
  kinds: string[]; // the edge kinds present, known ones first, for the legend
}

// Where a node links to: a person of asta (person_id, else the id of a node that is not
// external); external co-authors link nowhere.
export function nodeHref(n: GraphNode): string | null {
  if (n.external) return null;
  const id = n.person_id ?? n.id;
  return typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id)) ? `/network/people/${id}` : null;
}

export function shapeGraph(g: Partial<GraphResponse> | null | undefined, centerId?: number): ShapedGraph {
  const nodes: ShapedNode[] = [];
  const byKey = new Map<string, ShapedNode>();
  for (const n of g?.nodes ?? []) {
    const key = String(n.id);
    if (byKey.has(key)) continue;
    const s: ShapedNode = { key, node: n, href: nodeHref(n), degree: 0 };
    byKey.set(key, s);
    nodes.push(s);
  }
  let center = nodes.find((n) => n.node.center)?.key ?? null;
  if (center === null && centerId !== undefined) {
    center = nodes.find((n) => n.node.person_id === centerId || n.key === String(centerId))?.key ?? null;
  }

  const edges = new Map<string, ShapedEdge>();
  for (const e of g?.edges ?? []) {
    const a = String(e.source);
    const b = String(e.target);
    if (a === b || !byKey.has(a) || !byKey.has(b)) continue;
    const [x, y] = a < b ? [a, b] : [b, a];
    const pair = `${x}\u0000${y}`;
    const via = Array.isArray(e.via) ? e.via.filter(Boolean) : e.via ? [e.via] : [];
    const weight = Number.isFinite(e.weight) && (e.weight ?? 0) > 0 ? e.weight! : 1;
    const found = edges.get(pair);
    if (found) {
      for (const k of e.kinds ?? []) if (!found.kinds.includes(k)) found.kinds.push(k);
      for (const v of via) if (!found.via.includes(v)) found.via.push(v);
      found.weight += weight;
    } else {
      edges.set(pair, { a: x, b: y, source: x, target: y, kinds: [...new Set(e.kinds ?? [])], weight, via: [...new Set(via)] });
    }
  }
  for (const e of edges.values()) {
    byKey.get(e.a)!.degree += 1;
    byKey.get(e.b)!.degree += 1;
  }
  const present = new Set<string>();
  for (const e of edges.values()) for (const k of e.kinds) present.add(k);
  const kinds = [...EDGE_KINDS.filter((k) => present.has(k)), ...[...present].filter((k) => !(EDGE_KINDS as readonly string[]).includes(k)).sort()];
  return { nodes, edges: [...edges.values()], center, kinds };
}

export interface Layout {
  width: number;
  height: number;
  positions: Map<string, { x: number; y: number }>;
}

// A seeded generator, so the layout does not depend on Math.random.
function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

// Runs the force simulation to rest without animating (d3-force needs no DOM): the
// centre person pinned in the middle, the others pushed apart and pulled by their links,
// heavier links shorter. Positions stay `margin` inside the box.
export function layoutGraph(g: ShapedGraph, options: { width?: number; height?: number; margin?: number; iterations?: number } = {}): Layout {
  const width = options.width ?? 640;
  const height = options.height ?? 420;
  const margin = options.margin ?? 40;
  const positions = new Map<string, { x: number; y: number }>();
  if (!g.nodes.length) return { width, height, positions };
  // Copies: the simulation writes x, y, vx, vy into its nodes and replaces link ends.
  const nodes = g.nodes.map((n) => ({ key: n.key }) as { key: string } & SimulationNodeDatum);
  const links = g.edges.map((e) => ({ source: e.a, target: e.b, weight: e.weight }));
  const cx = width / 2;
  const cy = height / 2;
  for (const n of nodes) {
    if (n.key === g.center) {
      n.fx = cx;
      n.fy = cy;
    }
  }
  const sim = forceSimulation(nodes)
    .randomSource(lcg(nodes.length * 7919 + links.length))
    .force(
      'link',
      forceLink<{ key: string } & SimulationNodeDatum, { source: string; target: string; weight: number }>(links)
        .id((d) => d.key)
        .distance((l) => Math.max(60, 140 - 15 * Math.min(l.weight, 5))),
    )
    .force('charge', forceManyBody().strength(-260))
    .force('collide', forceCollide(26))
    .force('x', forceX(cx).strength(0.04))
    .force('y', forceY(cy).strength(0.06))
    .stop();
  const iterations = options.iterations ?? 300;
  for (let i = 0; i < iterations; i++) sim.tick();
  // Fit into the box: scale down about the centre if the layout spread too far.
  let spreadX = 1;
  let spreadY = 1;
  for (const n of nodes) {
    spreadX = Math.max(spreadX, Math.abs((n.x ?? cx) - cx));
    spreadY = Math.max(spreadY, Math.abs((n.y ?? cy) - cy));
  }
  const k = Math.min(1, (width / 2 - margin) / spreadX, (height / 2 - margin) / spreadY);
  for (const n of nodes) {
    const x = cx + ((n.x ?? cx) - cx) * k;
    const y = cy + ((n.y ?? cy) - cy) * k;
    positions.set(n.key, { x: round1(x), y: round1(y) });
  }
  return { width, height, positions };
}

const round1 = (v: number) => Math.round(v * 10) / 10;

export interface TextEntry {
  key: string;
  node: GraphNode;
  href: string | null;
  kinds: string[]; // how this person is linked to the centre ([] when only through others)
  weight: number;
  links: number; // how many links the person has in the graph
}

// The text alternative: every person but the centre, those linked to the centre first
// (heaviest link first), then the others; names alphabetically among equals.
export function textAlternative(g: ShapedGraph): TextEntry[] {
  const toCenter = new Map<string, ShapedEdge>();
  if (g.center !== null) {
    for (const e of g.edges) {
      if (e.a === g.center) toCenter.set(e.b, e);
      else if (e.b === g.center) toCenter.set(e.a, e);
    }
  }
  return g.nodes
    .filter((n) => n.key !== g.center)
    .map((n) => {
      const e = toCenter.get(n.key);
      return { key: n.key, node: n.node, href: n.href, kinds: e ? [...e.kinds] : [], weight: e?.weight ?? 0, links: n.degree };
    })
    .sort((x, y) => y.weight - x.weight || (x.node.latin_name || x.node.name).localeCompare(y.node.latin_name || y.node.name));
}

// The kind that styles an edge with several kinds: co-authorship over programme.
export function primaryKind(kinds: readonly string[]): string {
  for (const k of EDGE_KINDS) if (kinds.includes(k)) return k;
  return kinds[0] ?? 'other';
}
