// The modules shown in the navigation and on the home page.

import type { MessageKey } from './i18n/core.js';

export interface NavItem {
  path: string;
  label: MessageKey;
  desc?: MessageKey;
}

export const MODULES: NavItem[] = [
  { path: '/network', label: 'nav.network', desc: 'module.network.desc' },
  { path: '/programmes', label: 'nav.programmes', desc: 'module.programmes.desc' },
  { path: '/review', label: 'nav.review', desc: 'module.review.desc' },
  { path: '/compliance', label: 'nav.compliance', desc: 'module.compliance.desc' },
  { path: '/facilities', label: 'nav.facilities', desc: 'module.facilities.desc' },
  { path: '/projects', label: 'nav.projects', desc: 'module.projects.desc' },
  { path: '/insight', label: 'nav.insight', desc: 'module.insight.desc' },
  { path: '/offices', label: 'nav.offices', desc: 'module.offices.desc' },
];

export const ADMIN_MODULES: NavItem[] = [
  { path: '/admin', label: 'nav.admin', desc: 'module.admin.desc' },
  { path: '/audit', label: 'nav.audit', desc: 'module.audit.desc' },
];
