// The programmes-and-calls module's pages (docs/programmes.md): the calls (the module's
// home), one call, the call editor, a call's submissions for officers, the signed-in
// user's proposals and one proposal. Pages a role may not use are not offered; the
// server refuses them anyway and the pages say so.

import type { Ctx } from '../../app.js';
import { h, replaceChildren } from '../../dom.js';
import type { MessageKey } from '../../i18n/core.js';
import { forbiddenPanel, isForbidden, messageRegion, showError } from '../../ui.js';
import { renderCall, renderCalls } from './calls.js';
import { renderCallEditor } from './call-editor.js';
import { renderMyProposals, renderSubmissions } from './proposals.js';
import { renderProposal } from './proposal.js';

type Page = (main: HTMLElement, ctx: Ctx, id: number) => Promise<void>;

interface Route {
  pattern: RegExp;
  title: MessageKey;
  nav: string;
  render: Page;
}

const ROUTES: Route[] = [
  { pattern: /^\/programmes$/, title: 'nav.programmes', nav: '/programmes', render: (m, c) => renderCalls(m, c) },
  { pattern: /^\/programmes\/calls\/new$/, title: 'pc.call.new', nav: '/programmes/calls/new', render: (m, c) => renderCallEditor(m, c, 0) },
  { pattern: /^\/programmes\/calls\/(\d+)$/, title: 'pc.call.title', nav: '/programmes', render: renderCall },
  { pattern: /^\/programmes\/calls\/(\d+)\/edit$/, title: 'pc.call.edit', nav: '/programmes', render: renderCallEditor },
  { pattern: /^\/programmes\/calls\/(\d+)\/submissions$/, title: 'pc.subs.title', nav: '/programmes', render: renderSubmissions },
  { pattern: /^\/programmes\/proposals$/, title: 'pc.mine.title', nav: '/programmes/proposals', render: (m, c) => renderMyProposals(m, c) },
  { pattern: /^\/programmes\/proposals\/(\d+)$/, title: 'pc.prop.page_title', nav: '/programmes/proposals', render: renderProposal },
];

function match(path: string): { route: Route; id: number } | null {
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (m) return { route, id: m[1] ? Number(m[1]) : 0 };
  }
  return null;
}

export function programmesRoute(path: string): { title: MessageKey; nav: string } | null {
  const m = match(path);
  return m ? { title: m.route.title, nav: m.route.nav } : null;
}

export async function renderProgrammesModule(main: HTMLElement, ctx: Ctx): Promise<void> {
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
