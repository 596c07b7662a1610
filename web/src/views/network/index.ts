// The network module's pages (docs/network.md): the search (the module's home), a
// person's profile (with their programmes and collaboration graph) and its editor, the
// signed-in user's own profile, the organisations list, an organisation's page with its
// editor, the form for a new organisation, exchange programmes, the map, and duplicates.
// Actions a role may not take are not offered; the server refuses them anyway and the
// pages show that refusal clearly.

import type { Ctx } from '../../app.js';
import { h, replaceChildren } from '../../dom.js';
import type { MessageKey } from '../../i18n/core.js';
import { forbiddenPanel, isForbidden, messageRegion, showError } from '../../ui.js';
import { renderSearch } from './search.js';
import { renderPerson, renderPersonEdit } from './person.js';
import { renderMyProfile } from './profile.js';
import { renderNewOrganization, renderOrganization, renderOrganizations } from './organizations.js';
import { renderNewProgramme, renderProgramme, renderProgrammes } from './programmes.js';
import { renderCompare, renderDuplicates } from './duplicates.js';
import { renderMap } from './map.js';

type Page = (main: HTMLElement, ctx: Ctx, id: number) => Promise<void>;

interface Route {
  pattern: RegExp;
  title: MessageKey;
  nav: string;
  render: Page;
}

const ROUTES: Route[] = [
  { pattern: /^\/network$/, title: 'nav.network', nav: '/network', render: (m, c) => renderSearch(m, c) },
  { pattern: /^\/network\/people\/(\d+)$/, title: 'net.person.title', nav: '/network', render: renderPerson },
  { pattern: /^\/network\/people\/(\d+)\/edit$/, title: 'net.edit.page_title', nav: '/network', render: renderPersonEdit },
  { pattern: /^\/network\/me$/, title: 'nav.network.me', nav: '/network/me', render: (m, c) => renderMyProfile(m, c) },
  { pattern: /^\/network\/organizations$/, title: 'nav.network.organizations', nav: '/network/organizations', render: (m, c) => renderOrganizations(m, c) },
  { pattern: /^\/network\/organizations\/new$/, title: 'net.org.new_title', nav: '/network/organizations', render: (m, c) => renderNewOrganization(m, c) },
  { pattern: /^\/network\/organizations\/(\d+)$/, title: 'net.org.title', nav: '/network/organizations', render: renderOrganization },
  { pattern: /^\/network\/programmes$/, title: 'nav.network.programmes', nav: '/network/programmes', render: (m, c) => renderProgrammes(m, c) },
  { pattern: /^\/network\/programmes\/new$/, title: 'prog.new', nav: '/network/programmes', render: (m, c) => renderNewProgramme(m, c) },
  { pattern: /^\/network\/programmes\/(\d+)$/, title: 'prog.title', nav: '/network/programmes', render: renderProgramme },
  { pattern: /^\/network\/map$/, title: 'nav.network.map', nav: '/network/map', render: (m, c) => renderMap(m, c) },
  { pattern: /^\/network\/duplicates$/, title: 'nav.network.duplicates', nav: '/network/duplicates', render: (m, c) => renderDuplicates(m, c) },
  { pattern: /^\/network\/duplicates\/compare$/, title: 'dup.compare_title', nav: '/network/duplicates', render: (m, c) => renderCompare(m, c) },
];

function match(path: string): { route: Route; id: number } | null {
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (m) return { route, id: m[1] ? Number(m[1]) : 0 };
  }
  return null;
}

export function networkRoute(path: string): { title: MessageKey; nav: string } | null {
  const m = match(path);
  return m ? { title: m.route.title, nav: m.route.nav } : null;
}

export async function renderNetwork(main: HTMLElement, ctx: Ctx): Promise<void> {
  const m = match(ctx.path);
  if (!m) return;
  try {
    await m.route.render(main, ctx, m.id);
  } catch (err) {
    const heading = main.querySelector('h1') ?? h('h1', { t: m.route.title });
    if (isForbidden(err)) replaceChildren(main, heading, forbiddenPanel());
    else {
      const region = messageRegion();
      replaceChildren(main, heading, region);
      showError(region, err);
    }
  }
}
