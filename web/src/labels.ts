// Labels for codes that come from the API (roles, scope types, languages): the catalogue
// message when there is one, else the code itself, so a role added on the server shows
// up rather than vanishing.

import { h } from './dom.js';
import { isMessageKey, type MessageKey } from './i18n/core.js';
import type { RoleGrant } from './api.js';
import type { Option } from './ui.js';

function labelFor(prefix: string, code: string): HTMLElement {
  const key = `${prefix}.${code}`;
  return isMessageKey(key) ? h('span', { t: key }) : h('span', { class: 'code' }, code);
}

export function roleKey(role: string): MessageKey | null {
  const key = `role.${role}`;
  return isMessageKey(key) ? key : null;
}

export function scopeKey(scope: string): MessageKey | null {
  const key = `scope.${scope}`;
  return isMessageKey(key) ? key : null;
}

export const roleLabel = (role: string) => labelFor('role', role);
export const scopeLabel = (scope: string) => labelFor('scope', scope);
export const languageLabel = (lang: string) => labelFor('lang.name', lang);

export function roleOption(role: string): Option {
  const key = roleKey(role);
  return key ? { value: role, label: key } : { value: role, text: role };
}

export function scopeOption(scope: string): Option {
  const key = scopeKey(scope);
  return key ? { value: scope, label: key } : { value: scope, text: scope };
}

// Turns a scope id into something readable (an agency id into its code), or null to
// show the id itself.
export type ScopeNamer = (scopeType: string, scopeId: string) => string | null;

// "Programme officer · Agency JST"
export function grantChip(grant: RoleGrant, nameScope?: ScopeNamer): HTMLElement {
  const scopeName = grant.scope_id ? (nameScope?.(grant.scope_type, grant.scope_id) ?? grant.scope_id) : null;
  return h(
    'span',
    { class: 'chip' },
    roleLabel(grant.role),
    h(
      'span',
      { class: 'chip-scope' },
      ' · ',
      scopeLabel(grant.scope_type),
      scopeName ? [' ', h('bdi', { title: grant.scope_id }, scopeName)] : null,
    ),
  );
}
