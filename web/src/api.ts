// The HTTP client for /api/v1. Every request goes with the session cookie (same-origin)
// and, when it changes something, with the CSRF token the session response gave us.
// Failures become ApiError values carrying the API's {code, message, field}.

import { currentLang } from './i18n/core.js';
import type { MessageKey } from './i18n/messages.js';

export interface RoleGrant {
  id: number;
  role: string;
  scope_type: string;
  scope_id: string;
}

export interface User {
  id: number;
  email: string;
  display_name: string;
  latin_name: string;
  language: 'ja' | 'en';
  orcid: string | null;
  agency_id: number | null;
  disabled: boolean;
  roles: RoleGrant[];
  created_at: string;
  updated_at: string;
}

export interface Session {
  user: User;
  csrf_token: string;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface RoleInfo {
  role: string;
  scope_types: string[];
}

export interface Ministry {
  id: number;
  code: string;
  country: string;
  name: string;
  name_en: string;
  created_at: string;
}

export interface Agency extends Ministry {
  ministry_id: number;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  actor_user_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  first_broken_seq: number | null;
  message: string;
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  token?: string; // only in the response that created it
  created_at: string;
  expires_at?: string | null;
  revoked?: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string,
    readonly field: string | null,
    // The whole JSON answer, for errors that carry more than {error} (an infeasible
    // assignment's "reasons").
    readonly body: unknown = null,
  ) {
    super(`${status} ${code}: ${serverMessage}`);
    this.name = 'ApiError';
  }

  // The catalogue message that explains this error to the user.
  get messageKey(): MessageKey {
    if (this.status === 0) return 'errors.network';
    if (this.status === 429) return 'errors.too_many_requests';
    switch (this.code) {
      case 'invalid_argument':
        return 'errors.invalid_argument';
      case 'not_found':
        return 'errors.not_found';
      case 'already_exists':
        return 'errors.already_exists';
      case 'failed_precondition':
        return 'errors.failed_precondition';
      case 'permission_denied':
        return 'errors.permission_denied';
      case 'unauthenticated':
        return 'errors.unauthenticated';
      case 'unavailable':
        return 'errors.unavailable';
    }
    if (this.status === 400 || this.status === 422) return 'errors.invalid_argument';
    if (this.status === 401) return 'errors.unauthenticated';
    if (this.status === 403) return 'errors.permission_denied';
    if (this.status === 404) return 'errors.not_found';
    if (this.status === 409) return 'errors.already_exists';
    if (this.status === 503) return 'errors.unavailable';
    return 'errors.internal';
  }
}

let csrfToken = '';
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

// Called when a request other than the session check comes back 401: the session has
// expired or was revoked elsewhere.
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type Query = Record<string, string | number | null | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  options: { quiet401?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLang(),
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err), null);
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const e = (json as { error?: { code?: string; message?: string; field?: string | null } })
      ?.error;
    const error = new ApiError(
      response.status,
      e?.code ?? `http_${response.status}`,
      e?.message ?? response.statusText,
      e?.field ?? null,
      json,
    );
    if (response.status === 401 && !options.quiet401) onUnauthenticated?.();
    throw error;
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: (path: string) => request<void>('DELETE', path),
};

// Fetches every page of a list (for small reference lists such as agencies).
export async function fetchAll<T>(path: string, query: Query = {}, maxPages = 20): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i += 1) {
    const page: Page<T> = await api.get<Page<T>>(path, { ...query, limit: 200, cursor });
    all.push(...page.items);
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return all;
}

// Session
export function getSession(): Promise<Session> {
  return request<Session>('GET', '/session', undefined, { quiet401: true });
}
export function login(email: string, password: string): Promise<Session> {
  return request<Session>('POST', '/session', { email, password }, { quiet401: true });
}
export function logout(): Promise<void> {
  return request<void>('DELETE', '/session', undefined, { quiet401: true });
}
