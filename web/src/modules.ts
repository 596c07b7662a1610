// The modules shown in the navigation and on the home page.

import type { MessageKey } from './i18n/core.js';
import type { CompliancePermission } from './compliance/logic.js';
import type { NetworkPermission } from './network/logic.js';
import type { ProgrammesPermission } from './programmes/logic.js';

export interface NavItem {
  path: string;
  label: MessageKey;
  desc?: MessageKey;
  // Shown only to users whose roles grant this (the server still enforces it).
  perm?: CompliancePermission;
  netPerm?: NetworkPermission;
  progPerm?: ProgrammesPermission;
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

// The compliance pages, listed under "Compliance" in the navigation.
export const COMPLIANCE_PAGES: NavItem[] = [
  { path: '/compliance/requests', label: 'nav.compliance.requests', desc: 'compliance.requests.desc', perm: 'tech_requests.create' },
  { path: '/compliance/screening', label: 'nav.compliance.screening', desc: 'compliance.screening.desc', perm: 'screen' },
  { path: '/compliance/hits', label: 'nav.compliance.hits', desc: 'compliance.hits.desc', perm: 'hits.read' },
  { path: '/compliance/lists', label: 'nav.compliance.lists', desc: 'compliance.lists.desc', perm: 'lists.read' },
  { path: '/compliance/categories', label: 'nav.compliance.categories', desc: 'compliance.categories.desc', perm: 'control_categories.read' },
];

// The network pages listed under "Network" (itself the search page).
export const NETWORK_PAGES: NavItem[] = [
  { path: '/network/me', label: 'nav.network.me', netPerm: 'profile.own' },
  { path: '/network/organizations', label: 'nav.network.organizations' },
  { path: '/network/programmes', label: 'nav.network.programmes' },
  { path: '/network/map', label: 'nav.network.map' },
  { path: '/network/duplicates', label: 'nav.network.duplicates', netPerm: 'network.merge' },
];

// The pages listed under "Offices" (itself the list of overseas offices).
export const OFFICE_PAGES: NavItem[] = [{ path: '/offices/needs', label: 'nav.offices.needs', netPerm: 'needs.read' }];

// The pages listed under "Programmes & calls" (itself the list of calls).
export const PROGRAMME_PAGES: NavItem[] = [
  { path: '/programmes/proposals', label: 'nav.programmes.mine', progPerm: 'proposals.write' },
  { path: '/programmes/calls/new', label: 'nav.programmes.new_call', progPerm: 'calls.manage' },
];
