// The application: session state, client-side routing (History API) and the page shell
// (header, navigation, main). Views render into <main>; the shell stays across routes.

import {
  ApiError,
  getSession,
  logout as apiLogout,
  setCsrfToken,
  setUnauthenticatedHandler,
  type Session,
  type User,
} from './api.js';
import { bindText, h, replaceChildren, setLiteral } from './dom.js';
import { setLanguage, storedLang, t, type Lang, type MessageKey, type Params } from './i18n/core.js';
import { setTitleRefresher } from './i18n/dom.js';
import { languageSwitch } from './langswitch.js';
import { ADMIN_MODULES, COMPLIANCE_PAGES, MODULES, NETWORK_PAGES, OFFICE_PAGES, PROGRAMME_PAGES, type NavItem } from './modules.js';
import { can } from './compliance/logic.js';
import { canNetwork } from './network/logic.js';
import { canProgrammes } from './programmes/logic.js';
import { programmesRoute, renderProgrammesModule } from './views/programmes/index.js';
import { renderReviewModule, reviewRoute } from './views/review/index.js';
import { renderCompliance, complianceRoute } from './views/compliance/index.js';
import { networkRoute, renderNetwork } from './views/network/index.js';
import { officesRoute, renderOfficesModule } from './views/offices/index.js';
import { renderLogin } from './views/login.js';
import { renderHome } from './views/home.js';
import { renderPlaceholder } from './views/placeholder.js';
import { renderAdmin } from './views/admin.js';
import { renderAudit } from './views/audit.js';
import { renderAccount } from './views/account.js';
import { renderNotFound } from './views/notfound.js';

export interface Ctx {
  user: User;
  path: string;
  query: URLSearchParams;
  navigate(path: string, options?: { replace?: boolean }): void;
  announce(key: MessageKey, params?: Params): void;
  // Replaces the signed-in user (after they edit their own profile).
  updateUser(user: User): void;
}

type View = (main: HTMLElement, ctx: Ctx) => void | Promise<void>;

function routeFor(path: string): { view: View; title: MessageKey; nav: string | null } {
  if (path === '/') return { view: renderHome, title: 'nav.home', nav: '/' };
  if (path === '/network' || path.startsWith('/network/')) {
    const r = networkRoute(path);
    if (r) return { view: renderNetwork, title: r.title, nav: r.nav };
  }
  if (path === '/offices' || path.startsWith('/offices/')) {
    const r = officesRoute(path);
    if (r) return { view: renderOfficesModule, title: r.title, nav: r.nav };
  }
  if (path === '/programmes' || path.startsWith('/programmes/')) {
    const r = programmesRoute(path);
    if (r) return { view: renderProgrammesModule, title: r.title, nav: r.nav };
  }
  if (path === '/review' || path.startsWith('/review/')) {
    const r = reviewRoute(path);
    if (r) return { view: renderReviewModule, title: r.title, nav: r.nav };
  }
  if (path === '/compliance' || path.startsWith('/compliance/')) {
    const r = complianceRoute(path);
    if (r) return { view: renderCompliance, title: r.title, nav: r.nav };
  }
  const module = MODULES.find((m) => m.path === path);
  if (module) {
    return {
      view: (main, ctx) => renderPlaceholder(main, ctx, module.label, module.desc!),
      title: module.label,
      nav: module.path,
    };
  }
  if (path === '/admin' || path.startsWith('/admin/')) {
    return { view: renderAdmin, title: 'admin.title', nav: '/admin' };
  }
  if (path === '/audit') return { view: renderAudit, title: 'audit.title', nav: '/audit' };
  if (path === '/account') return { view: renderAccount, title: 'account.title', nav: null };
  return { view: renderNotFound, title: 'notfound.title', nav: null };
}

function normalisePath(path: string): string {
  if (path.length > 1 && path.endsWith('/')) return path.replace(/\/+$/, '');
  return path;
}

export class App {
  private session: Session | null = null;
  private readonly root: HTMLElement;
  private shell: Shell | null = null;
  private loginNotice: MessageKey | null = null;

  constructor(root: HTMLElement) {
    this.root = root;
    setUnauthenticatedHandler(() => this.sessionEnded());
    window.addEventListener('popstate', () => this.render());
    // Same-origin links navigate inside the app without reloading.
    document.addEventListener('click', (event) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const a = (event.target as Element | null)?.closest?.('a');
      if (!a || a.target || a.hasAttribute('download')) return;
      const href = a.getAttribute('href');
      if (!href || !href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/')) return;
      event.preventDefault();
      this.navigate(href);
    });
  }

  async start(): Promise<void> {
    replaceChildren(this.root, h('p', { class: 'loading', t: 'app.loading' }));
    try {
      const session = await getSession();
      this.signedIn(session, storedLang() ?? session.user.language);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) console.warn('session check failed', err);
      this.session = null;
    }
    this.render();
  }

  private signedIn(session: Session, lang: Lang): void {
    this.session = session;
    setCsrfToken(session.csrf_token);
    setLanguage(lang);
  }

  navigate(path: string, options: { replace?: boolean } = {}): void {
    if (options.replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    this.render();
  }

  private sessionEnded(): void {
    if (!this.session) return;
    this.session = null;
    this.shell = null;
    this.loginNotice = 'login.session_ended';
    setCsrfToken('');
    this.render();
  }

  private render(): void {
    const path = normalisePath(location.pathname);
    if (!this.session) {
      this.shell = null;
      if (path !== '/login') {
        const next = path === '/' ? '' : `?next=${encodeURIComponent(path + location.search)}`;
        history.replaceState(null, '', `/login${next}`);
      }
      const notice = this.loginNotice;
      this.loginNotice = null;
      setTitleRefresher(() => (document.title = `${t('login.title')} — ${t('app.name')}`));
      renderLogin(this.root, {
        notice,
        onSignedIn: (session) => {
          this.signedIn(session, session.user.language);
          const next = new URLSearchParams(location.search).get('next');
          const safe = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
          this.navigate(safe, { replace: true });
        },
      });
      return;
    }
    if (path === '/login') {
      history.replaceState(null, '', '/');
      this.render();
      return;
    }
    if (path === '/admin') {
      history.replaceState(null, '', '/admin/users');
      this.render();
      return;
    }
    if (!this.shell) this.shell = new Shell(this.root, this.session.user, () => this.logout());
    const route = routeFor(path);
    this.shell.setCurrent(route.nav);
    setTitleRefresher(() => (document.title = `${t(route.title)} — ${t('app.name')}`));
    const main = this.shell.main;
    const content = h('div', { class: 'page' });
    replaceChildren(main, content);
    const ctx: Ctx = {
      user: this.session.user,
      path,
      query: new URLSearchParams(location.search),
      navigate: (p, o) => this.navigate(p, o),
      announce: (key, params) => this.shell?.announce(key, params),
      updateUser: (user) => {
        if (this.session) this.session.user = user;
        this.shell?.setUser(user);
      },
    };
    void Promise.resolve(route.view(content, ctx)).catch((err) => console.error(err));
    this.shell.afterNavigate();
  }

  private async logout(): Promise<void> {
    try {
      await apiLogout();
    } catch (err) {
      console.warn('logout failed', err);
    }
    this.session = null;
    this.shell = null;
    setCsrfToken('');
    this.loginNotice = 'login.signed_out';
    history.pushState(null, '', '/login');
    this.render();
  }
}

class Shell {
  readonly main: HTMLElement;
  private readonly nav: HTMLElement;
  private readonly menuButton: HTMLButtonElement;
  private readonly userName: HTMLAnchorElement;
  private readonly announcer: HTMLElement;
  private firstRender = true;

  constructor(root: HTMLElement, user: User, onLogout: () => void) {
    const navId = 'app-nav';
    this.menuButton = h(
      'button',
      {
        type: 'button',
        class: 'menu-button',
        'aria-expanded': 'false',
        'aria-controls': navId,
      },
      h('span', { class: 'menu-icon', 'aria-hidden': 'true' }),
      h('span', { t: 'header.menu' }),
    );
    this.menuButton.addEventListener('click', () => this.setMenuOpen(!this.isMenuOpen()));

    this.userName = h('a', {
      href: '/account',
      class: 'user-name',
      dir: 'auto',
      ta: { title: 'header.account' },
    });
    setLiteral(this.userName, user.display_name);
    const logout = h('button', { type: 'button', class: 'btn btn-quiet logout', t: 'header.logout' });
    logout.addEventListener('click', () => onLogout());

    const header = h(
      'header',
      { class: 'app-header' },
      h(
        'div',
        { class: 'header-bar' },
        this.menuButton,
        h('a', { href: '/', class: 'brand' }, h('span', { t: 'app.name' })),
        h('span', { class: 'tagline', t: 'app.tagline' }),
        h(
          'div',
          { class: 'header-tools' },
          languageSwitch(),
          h(
            'span',
            { class: 'user' },
            h('span', { class: 'user-label', t: 'header.signed_in_as' }),
            ' ',
            this.userName,
          ),
          logout,
        ),
      ),
    );

    const link = (item: NavItem) =>
      h('li', null, h('a', { href: item.path, 'data-path': item.path, t: item.label }));
    // Compliance and the network have their own pages, each listed only for the roles
    // that may use it.
    const allowed = (p: NavItem) => (!p.perm || can(user, p.perm)) && (!p.netPerm || canNetwork(user, p.netPerm)) && (!p.progPerm || canProgrammes(user, p.progPerm));
    const subPages: Record<string, { pages: NavItem[]; label: MessageKey }> = {
      '/compliance': { pages: COMPLIANCE_PAGES.filter(allowed), label: 'nav.compliance.sub_label' },
      '/network': { pages: NETWORK_PAGES.filter(allowed), label: 'nav.network.sub_label' },
      '/offices': { pages: OFFICE_PAGES.filter(allowed), label: 'nav.offices.sub_label' },
      '/programmes': { pages: PROGRAMME_PAGES.filter(allowed), label: 'nav.programmes.sub_label' },
    };
    const moduleLink = (item: NavItem) => {
      const sub = subPages[item.path];
      return sub && sub.pages.length
        ? h(
            'li',
            null,
            h('a', { href: item.path, 'data-path': item.path, t: item.label }),
            h('ul', { class: 'nav-sub', ta: { 'aria-label': sub.label } }, sub.pages.map(link)),
          )
        : link(item);
    };
    this.nav = h(
      'nav',
      { id: navId, class: 'app-nav', ta: { 'aria-label': 'nav.label' } },
      h('ul', null, link({ path: '/', label: 'nav.home' }), MODULES.map(moduleLink)),
      h('ul', { class: 'nav-admin' }, ADMIN_MODULES.map(link)),
    );
    this.nav.addEventListener('click', (event) => {
      if ((event.target as Element).closest('a')) this.setMenuOpen(false);
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.isMenuOpen()) {
        this.setMenuOpen(false);
        this.menuButton.focus();
      }
    });

    this.main = h('main', { id: 'main', class: 'app-main', tabindex: -1 });
    this.announcer = h('div', {
      class: 'visually-hidden',
      role: 'status',
      'aria-live': 'polite',
      id: 'announcer',
    });
    const skip = h('a', { href: '#main', class: 'skip-link', t: 'app.skip_to_main' });
    skip.addEventListener('click', (event) => {
      event.preventDefault();
      this.main.focus();
    });
    replaceChildren(
      root,
      skip,
      header,
      h('div', { class: 'layout' }, this.nav, this.main),
      this.announcer,
    );
  }

  private isMenuOpen(): boolean {
    return this.menuButton.getAttribute('aria-expanded') === 'true';
  }

  private setMenuOpen(open: boolean): void {
    this.menuButton.setAttribute('aria-expanded', String(open));
    this.nav.classList.toggle('is-open', open);
  }

  setUser(user: User): void {
    setLiteral(this.userName, user.display_name);
  }

  setCurrent(navPath: string | null): void {
    this.nav.querySelectorAll<HTMLAnchorElement>('a[data-path]').forEach((a) => {
      if (a.dataset.path === navPath) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
  }

  afterNavigate(): void {
    // Move focus to the new page's heading so screen readers announce it, except on the
    // very first render where the browser's own focus handling is kept.
    if (this.firstRender) {
      this.firstRender = false;
      return;
    }
    const heading = this.main.querySelector<HTMLElement>('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: false });
    }
  }

  announce(key: MessageKey, params?: Params): void {
    bindText(this.announcer, key, params);
  }
}
