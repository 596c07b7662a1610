// An in-memory stand-in for `asta serve`, implementing the /api/v1 contract the web UI
// uses (session, users, roles, ministries, agencies, audit, tokens) closely enough to
// develop and test the UI without the C++ server: `bash run.sh --mock`. It also sends the
// server's Content-Security-Policy, so a build that inlines scripts or styles fails here
// too. It is not the server and is not a reference for it; the contract in the project's
// API documentation is.
//
// Usage: node mock-server.mjs --listen 127.0.0.1:PORT --web-root DIR

import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { createNetwork } from './mock-network.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const [host, port] = opt('--listen', '127.0.0.1:8080').split(':');
const webRoot = resolve(opt('--web-root', '../../web/dist'));

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const ROLES = {
  applicant: ['self'],
  reviewer: ['self'],
  programme_officer: ['agency', 'programme', 'call'],
  compliance_officer: ['institution', 'agency'],
  facility_manager: ['facility'],
  overseas_office: ['region'],
  analyst: ['global'],
  administrator: ['global'],
};

// ------------------------------------------------------------------ data
let nextId = 1;
const id = () => nextId++;
const ministries = [];
const agencies = [];
const users = [];
const passwords = new Map();
const sessions = new Map(); // token -> {user_id, csrf}
const tokens = [];
const audit = [];
let grantId = 100;

function appendAudit(actor, action, entityType, entityId, before, after) {
  const prev = audit.length ? audit[audit.length - 1].hash : '0'.repeat(64);
  const e = {
    seq: audit.length + 1,
    at: now(),
    actor: actor ? actor.email : 'system',
    actor_user_id: actor ? actor.id : null,
    action,
    entity_type: entityType,
    entity_id: String(entityId),
    before: before ?? null,
    after: after ?? null,
    prev_hash: prev,
  };
  e.hash = createHash('sha256').update(prev + JSON.stringify({ ...e, hash: undefined })).digest('hex');
  audit.push(e);
}

function addMinistry(m) {
  const rec = { id: id(), created_at: now(), ...m };
  ministries.push(rec);
  appendAudit(null, 'ministry.create', 'ministry', rec.id, null, rec);
  return rec;
}
function addAgency(a) {
  const rec = { id: id(), created_at: now(), ...a };
  agencies.push(rec);
  appendAudit(null, 'agency.create', 'agency', rec.id, null, rec);
  return rec;
}
function addUser(u, password, roles = []) {
  const rec = {
    id: id(),
    email: u.email,
    display_name: u.display_name,
    latin_name: u.latin_name,
    language: u.language ?? 'en',
    orcid: u.orcid ?? null,
    agency_id: u.agency_id ?? null,
    disabled: false,
    roles: roles.map(([role, scope_type, scope_id = '']) => ({ id: grantId++, role, scope_type, scope_id })),
    created_at: now(),
    updated_at: now(),
  };
  users.push(rec);
  if (password) passwords.set(rec.id, password);
  appendAudit(null, 'user.create', 'user', rec.id, null, rec);
  return rec;
}

const mext = addMinistry({ code: 'MEXT', country: 'JP', name: '文部科学省', name_en: 'Ministry of Education, Culture, Sports, Science and Technology' });
const mofa = addMinistry({ code: 'MOFA', country: 'JP', name: '外務省', name_en: 'Ministry of Foreign Affairs' });
const jst = addAgency({ ministry_id: mext.id, code: 'JST', country: 'JP', name: '科学技術振興機構', name_en: 'Japan Science and Technology Agency' });
addAgency({ ministry_id: mext.id, code: 'JSPS', country: 'JP', name: '日本学術振興会', name_en: 'Japan Society for the Promotion of Science' });
addAgency({ ministry_id: mofa.id, code: 'JICA', country: 'JP', name: '国際協力機構', name_en: 'Japan International Cooperation Agency' });
addUser({ email: 'admin@asta.example', display_name: '管理 花子', latin_name: 'Kanri Hanako', language: 'ja' }, 'asta-demo-2026', [['administrator', 'global']]);
addUser({ email: 'reviewer@asta.example', display_name: 'Somchai Srisuk', latin_name: 'Somchai Srisuk', language: 'en' }, 'asta-demo-2026', [['reviewer', 'self']]);
addUser({ email: 'yamada@asta.example', display_name: '山田 太郎', latin_name: 'Yamada Taro', language: 'ja', agency_id: jst.id, orcid: '0000-0002-1825-0097' }, 'x', [['programme_officer', 'agency', String(jst.id)]]);
addUser({ email: 'nguyen@asta.example', display_name: 'Nguyễn Thị Lan', latin_name: 'Nguyen Thi Lan', language: 'en' }, 'x', [['applicant', 'self']]);
addUser({ email: 'haddad@asta.example', display_name: 'ليلى حداد', latin_name: 'Layla Haddad', language: 'en' }, 'x', [['reviewer', 'self']]);
addUser({ email: 'analyst@asta.example', display_name: 'Analyst User', latin_name: 'Analyst User', language: 'en' }, 'asta-demo-2026', [['analyst', 'global']]);
addUser({ email: 'compliance@asta.example', display_name: '清水 真理', latin_name: 'Shimizu Mari', language: 'ja', agency_id: jst.id }, 'asta-demo-2026', [['compliance_officer', 'agency', String(jst.id)]]);
addUser({ email: 'applicant@asta.example', display_name: 'Nguyễn Thị Hoa', latin_name: 'Nguyen Thi Hoa', language: 'en' }, 'asta-demo-2026', [['applicant', 'self']]);
addUser({ email: 'office@asta.example', display_name: 'Fatma Hassan', latin_name: 'Fatma Hassan', language: 'en' }, 'asta-demo-2026', [['overseas_office', 'region', 'southeast-asia']]);
addUser({ email: 'officer@asta.example', display_name: '山田 太郎', latin_name: 'Yamada Taro', language: 'ja', agency_id: jst.id }, 'asta-demo-2026', [['programme_officer', 'agency', String(jst.id)]]);
for (let i = 1; i <= 30; i++) {
  addUser({ email: `researcher${i}@asta.example`, display_name: `研究者 ${i}`, latin_name: `Researcher ${i}`, language: i % 2 ? 'ja' : 'en' }, null, [['applicant', 'self']]);
}

// ------------------------------------------------------------------ http helpers
class HttpError extends Error {
  constructor(status, code, message, field = null) {
    super(message);
    Object.assign(this, { status, code, field });
  }
}
const invalid = (field, message) => new HttpError(400, 'invalid_argument', message, field);

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(status === 204 ? undefined : text);
}

function readBody(req) {
  return new Promise((resolveBody, reject) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      if (!data) return resolveBody(null);
      try {
        resolveBody(JSON.parse(data));
      } catch {
        reject(invalid('body', 'body is not valid JSON'));
      }
    });
  });
}

function page(list, url, idField = 'id', desc = false) {
  const limit = Number(url.searchParams.get('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalid('limit', 'limit must be 1..200');
  const cursor = url.searchParams.get('cursor');
  let after = cursor ? Number(Buffer.from(cursor, 'base64url').toString()) : null;
  let items = desc ? [...list].sort((a, b) => b[idField] - a[idField]) : list;
  if (after !== null) items = items.filter((x) => (desc ? x[idField] < after : x[idField] > after));
  const slice = items.slice(0, limit);
  const next = items.length > limit ? Buffer.from(String(slice[slice.length - 1][idField])).toString('base64url') : null;
  return { items: slice, next_cursor: next };
}

function str(body, name, { required = true, max = 200 } = {}) {
  const v = body?.[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw invalid(name, `${name} is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw invalid(name, `${name} must be a string`);
  if (v.length > max) throw invalid(name, `${name} is longer than ${max} characters`);
  return v.trim();
}

function checkEmail(email) {
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw invalid('email', 'email is not a valid address');
}
function checkOrcid(orcid) {
  if (!/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(orcid)) throw invalid('orcid', 'orcid must look like 0000-0002-1825-0097');
  const digits = orcid.replace(/-/g, '');
  let total = 0;
  for (const ch of digits.slice(0, 15)) total = (total + Number(ch)) * 2;
  const check = (12 - (total % 11)) % 11;
  if (digits[15] !== (check === 10 ? 'X' : String(check))) throw invalid('orcid', 'orcid checksum is wrong');
}

function cookieToken(req) {
  const m = /(?:^|;\s*)asta_session=([^;]+)/.exec(req.headers.cookie ?? '');
  return m ? m[1] : null;
}

const isAdmin = (u) => u.roles.some((r) => r.role === 'administrator');
const canList = (u) => u.roles.some((r) => ['administrator', 'analyst', 'programme_officer'].includes(r.role));

// ------------------------------------------------------------------ routes
async function api(req, res, url) {
  const path = url.pathname.replace(/^\/api\/v1/, '');
  const method = req.method;
  const token = cookieToken(req);
  const session = token ? sessions.get(token) : null;
  const me = session ? users.find((u) => u.id === session.user_id) : null;
  const needAuth = () => {
    if (!me) throw new HttpError(401, 'unauthenticated', 'sign in first');
  };
  if (method !== 'GET' && !(path === '/session' && method === 'POST')) {
    needAuth();
    if (req.headers['x-csrf-token'] !== session.csrf) throw new HttpError(403, 'permission_denied', 'missing or wrong CSRF token');
  }
  const body = method === 'POST' || method === 'PATCH' || method === 'PUT' ? await readBody(req) : null;
  let m;

  if (path === '/session') {
    if (method === 'GET') {
      needAuth();
      return send(res, 200, { user: me, csrf_token: session.csrf });
    }
    if (method === 'POST') {
      const email = String(body?.email ?? '').toLowerCase();
      const user = users.find((u) => u.email === email);
      if (!user || user.disabled || passwords.get(user.id) !== body?.password) {
        appendAudit(null, 'session.login_failed', 'session', email, null, null);
        throw new HttpError(401, 'unauthenticated', 'wrong email or password');
      }
      const tok = randomBytes(24).toString('base64url');
      const csrf = randomBytes(16).toString('hex');
      sessions.set(tok, { user_id: user.id, csrf });
      appendAudit(user, 'session.create', 'session', sessions.size, null, null);
      return send(res, 200, { user, csrf_token: csrf }, {
        'Set-Cookie': `asta_session=${tok}; Path=/; HttpOnly; SameSite=Strict`,
      });
    }
    if (method === 'DELETE') {
      sessions.delete(token);
      appendAudit(me, 'session.delete', 'session', '1', null, null);
      return send(res, 204, undefined, { 'Set-Cookie': 'asta_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict' });
    }
  }

  needAuth();

  if (path === '/roles' && method === 'GET') {
    return send(res, 200, { items: Object.entries(ROLES).map(([role, scope_types]) => ({ role, scope_types })) });
  }

  if (path === '/users' && method === 'GET') {
    if (!canList(me)) throw new HttpError(403, 'permission_denied', 'you may not list users');
    const q = (url.searchParams.get('q') ?? '').toLowerCase();
    const list = q
      ? users.filter((u) => [u.email, u.display_name, u.latin_name].some((s) => s.toLowerCase().includes(q)))
      : users;
    return send(res, 200, page(list, url));
  }
  if (path === '/users' && method === 'POST') {
    if (!isAdmin(me)) throw new HttpError(403, 'permission_denied', 'administrators only');
    const email = str(body, 'email', { max: 254 });
    checkEmail(email);
    if (users.some((u) => u.email === email.toLowerCase())) throw new HttpError(409, 'already_exists', 'a user with this email exists', 'email');
    const display_name = str(body, 'display_name');
    const latin_name = str(body, 'latin_name');
    const language = str(body, 'language');
    if (!['ja', 'en'].includes(language)) throw invalid('language', 'language must be ja or en');
    const orcid = str(body, 'orcid', { required: false });
    if (orcid) checkOrcid(orcid);
    const agency_id = body.agency_id ?? null;
    if (agency_id !== null && !agencies.some((a) => a.id === agency_id)) throw invalid('agency_id', 'no such agency');
    const user = addUser({ email: email.toLowerCase(), display_name, latin_name, language, orcid, agency_id }, body.password ?? null);
    return send(res, 201, user);
  }
  if ((m = /^\/users\/(\d+)$/.exec(path))) {
    const user = users.find((u) => u.id === Number(m[1]));
    if (!user) throw new HttpError(404, 'not_found', 'no such user');
    if (method === 'GET') {
      if (!canList(me) && me.id !== user.id) throw new HttpError(403, 'permission_denied', 'not yours');
      return send(res, 200, user);
    }
    if (method === 'PATCH') {
      if (!isAdmin(me) && me.id !== user.id) throw new HttpError(403, 'permission_denied', 'not yours');
      const before = structuredClone(user);
      for (const k of Object.keys(body ?? {})) {
        if (!['display_name', 'latin_name', 'language', 'orcid', 'agency_id', 'disabled'].includes(k)) throw invalid(k, `unknown field ${k}`);
      }
      if ('display_name' in body) user.display_name = str(body, 'display_name');
      if ('latin_name' in body) user.latin_name = str(body, 'latin_name');
      if ('language' in body) {
        if (!['ja', 'en'].includes(body.language)) throw invalid('language', 'language must be ja or en');
        user.language = body.language;
      }
      if ('orcid' in body) {
        if (body.orcid !== null) checkOrcid(body.orcid);
        user.orcid = body.orcid;
      }
      if ('agency_id' in body) user.agency_id = body.agency_id;
      if ('disabled' in body) user.disabled = Boolean(body.disabled);
      user.updated_at = now();
      appendAudit(me, 'user.update', 'user', user.id, before, user);
      return send(res, 200, user);
    }
  }
  if ((m = /^\/users\/(\d+)\/roles$/.exec(path)) && method === 'POST') {
    if (!isAdmin(me)) throw new HttpError(403, 'permission_denied', 'administrators only');
    const user = users.find((u) => u.id === Number(m[1]));
    if (!user) throw new HttpError(404, 'not_found', 'no such user');
    const role = str(body, 'role');
    if (!ROLES[role]) throw invalid('role', 'unknown role');
    const scope_type = str(body, 'scope_type');
    if (!ROLES[role].includes(scope_type)) throw invalid('scope_type', `${role} cannot be granted with scope ${scope_type}`);
    const scope_id = body.scope_id ?? '';
    if (!['global', 'self'].includes(scope_type) && !scope_id) throw invalid('scope_id', 'scope_id is required for this scope');
    if (user.roles.some((r) => r.role === role && r.scope_type === scope_type && r.scope_id === scope_id)) throw new HttpError(409, 'already_exists', 'already granted', 'role');
    const grant = { id: grantId++, role, scope_type, scope_id };
    user.roles.push(grant);
    appendAudit(me, 'role.grant', 'role_grant', grant.id, null, grant);
    return send(res, 201, grant);
  }
  if ((m = /^\/users\/(\d+)\/roles\/(\d+)$/.exec(path)) && method === 'DELETE') {
    if (!isAdmin(me)) throw new HttpError(403, 'permission_denied', 'administrators only');
    const user = users.find((u) => u.id === Number(m[1]));
    const idx = user?.roles.findIndex((r) => r.id === Number(m[2])) ?? -1;
    if (idx < 0) throw new HttpError(404, 'not_found', 'no such grant');
    const [grant] = user.roles.splice(idx, 1);
    appendAudit(me, 'role.revoke', 'role_grant', grant.id, grant, null);
    return send(res, 204);
  }

  if (path === '/ministries') {
    if (method === 'GET') return send(res, 200, page(ministries, url));
    if (method === 'POST') {
      if (!isAdmin(me)) throw new HttpError(403, 'permission_denied', 'administrators only');
      const code = str(body, 'code', { max: 32 });
      if (ministries.some((x) => x.code === code)) throw new HttpError(409, 'already_exists', 'code in use', 'code');
      const country = str(body, 'country');
      if (!/^[A-Z]{2}$/.test(country)) throw invalid('country', 'country must be an ISO 3166-1 alpha-2 code');
      return send(res, 201, addMinistry({ code, country, name: str(body, 'name'), name_en: str(body, 'name_en') }));
    }
  }
  if (path === '/agencies') {
    if (method === 'GET') {
      const mid = url.searchParams.get('ministry_id');
      return send(res, 200, page(mid ? agencies.filter((a) => a.ministry_id === Number(mid)) : agencies, url));
    }
    if (method === 'POST') {
      if (!isAdmin(me)) throw new HttpError(403, 'permission_denied', 'administrators only');
      const ministry_id = body?.ministry_id;
      if (!ministries.some((x) => x.id === ministry_id)) throw invalid('ministry_id', 'no such ministry');
      const code = str(body, 'code', { max: 32 });
      if (agencies.some((x) => x.code === code)) throw new HttpError(409, 'already_exists', 'code in use', 'code');
      const country = str(body, 'country');
      if (!/^[A-Z]{2}$/.test(country)) throw invalid('country', 'country must be an ISO 3166-1 alpha-2 code');
      return send(res, 201, addAgency({ ministry_id, code, country, name: str(body, 'name'), name_en: str(body, 'name_en') }));
    }
  }
  if ((m = /^\/agencies\/(\d+)$/.exec(path)) && method === 'PATCH') {
    if (!isAdmin(me)) throw new HttpError(403, 'permission_denied', 'administrators only');
    const a = agencies.find((x) => x.id === Number(m[1]));
    if (!a) throw new HttpError(404, 'not_found', 'no such agency');
    const before = { ...a };
    for (const k of Object.keys(body ?? {})) {
      if (!['country', 'name', 'name_en'].includes(k)) throw invalid(k, `unknown field ${k}`);
    }
    for (const k of ['country', 'name', 'name_en']) if (k in body) a[k] = str(body, k);
    appendAudit(me, 'agency.update', 'agency', a.id, before, a);
    return send(res, 200, a);
  }

  if (path === '/audit' && method === 'GET') {
    if (!isAdmin(me) && !me.roles.some((r) => r.role === 'analyst')) throw new HttpError(403, 'permission_denied', 'no audit access');
    const type = url.searchParams.get('entity_type');
    return send(res, 200, page(type ? audit.filter((e) => e.entity_type === type) : audit, url, 'seq', true));
  }
  if (path === '/audit/verify' && method === 'GET') {
    if (!isAdmin(me)) throw new HttpError(403, 'permission_denied', 'administrators only');
    let prev = '0'.repeat(64);
    for (const e of audit) {
      const h = createHash('sha256').update(prev + JSON.stringify({ ...e, hash: undefined })).digest('hex');
      if (e.prev_hash !== prev || e.hash !== h) {
        return send(res, 200, { ok: false, entries: audit.length, first_broken_seq: e.seq, message: `hash mismatch at ${e.seq}` });
      }
      prev = e.hash;
    }
    return send(res, 200, { ok: true, entries: audit.length, first_broken_seq: null, message: `${audit.length} entries verified` });
  }

  if (path === '/tokens') {
    // Like the server: every token of the caller, revoked ones included, not paginated.
    if (method === 'GET') return send(res, 200, { items: tokens.filter((x) => x.user_id === me.id).map(({ user_id, ...t }) => t) });
    if (method === 'POST') {
      const name = str(body, 'name', { max: 100 });
      const secret = `asta_${randomBytes(20).toString('hex')}`;
      const tok = { id: id(), user_id: me.id, name, prefix: secret.slice(0, 10), created_at: now(), expires_at: null, revoked: false };
      tokens.push(tok);
      appendAudit(me, 'token.create', 'api_token', tok.id, null, { name });
      const { user_id, ...out } = tok;
      return send(res, 201, { ...out, token: secret });
    }
  }
  if ((m = /^\/tokens\/(\d+)$/.exec(path)) && method === 'DELETE') {
    const tok = tokens.find((x) => x.id === Number(m[1]) && x.user_id === me.id);
    if (!tok) throw new HttpError(404, 'not_found', 'no such token');
    tok.revoked = true;
    return send(res, 204);
  }

  if (path.startsWith('/compliance/')) return compliance(req, res, url, path.slice('/compliance'.length), method, body, me);
  if (network(req, res, url, path, method, body, me) !== null) return;

  throw new HttpError(404, 'not_found', `no route ${method} ${url.pathname}`);
}

// ------------------------------------------------------------------ compliance
// A small stand-in for the compliance module (docs/compliance.md): one list with two
// versions, a token-alignment matcher that explains itself, a registered party with an
// open hit, and a technology-provision request blocked by that hit.

const hasRole = (u, ...roles) => u.roles.some((r) => roles.includes(r.role));
const need = (ok, what) => {
  if (!ok) throw new HttpError(403, 'permission_denied', `not allowed: ${what}`);
};
const DEFAULT_THRESHOLD = 0.85;

function lev(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}
const LEGAL = new Set(['co', 'ltd', 'llc', 'inc', 'gmbh', 'ooo', 'limited', 'company']);
const nameTokens = (s) => s.normalize('NFKC').toLowerCase().replace(/[.,'’()]/g, ' ').split(/\s+/).filter(Boolean);

// Aligns each query token with its best candidate token; reports how each part matched.
function explain(query, candidate) {
  const q = nameTokens(query);
  const c = nameTokens(candidate);
  const used = new Set();
  const parts = [];
  for (const qt of q) {
    let best = null;
    c.forEach((ct, j) => {
      if (used.has(j)) return;
      let how = null;
      let sim = 0;
      if (qt === ct) [how, sim] = [LEGAL.has(qt) ? 'legal_form' : 'exact', 1];
      else if (qt.length === 1 && ct.startsWith(qt)) [how, sim] = ['initial', 0.8];
      else {
        sim = 1 - lev(qt, ct) / Math.max(qt.length, ct.length);
        if (sim >= 0.75) how = 'fuzzy';
      }
      if (how && (!best || sim > best.sim)) best = { j, how, sim, ct };
    });
    const weight = LEGAL.has(qt) ? 0.2 : 1;
    if (best) {
      used.add(best.j);
      parts.push({ query_part: qt, candidate_part: best.ct, how: best.how, similarity: best.sim, weight });
    } else parts.push({ query_part: qt, candidate_part: '', how: 'missing', similarity: 0, weight });
  }
  c.forEach((ct, j) => {
    if (!used.has(j)) parts.push({ query_part: '', candidate_part: ct, how: 'extra', similarity: 0, weight: LEGAL.has(ct) ? 0.1 : 0.5 });
  });
  const total = parts.reduce((s, p) => s + p.weight, 0);
  const score = total ? parts.reduce((s, p) => s + p.similarity * p.weight, 0) / total : 0;
  return { score, explanation: { query_reading: q.join(' '), candidate_reading: c.join(' '), parts } };
}

const complianceLists = new Map(); // name -> {format, versions:[{version, entities:[…], …}]}
function importVersion(name, format, entities, actor) {
  const list = complianceLists.get(name) ?? { format, versions: [] };
  complianceLists.set(name, list);
  const prev = list.versions.at(-1)?.entities ?? [];
  const byId = new Map(prev.map((e) => [e.entity_id, e]));
  const now_ = new Map(entities.map((e) => [e.entity_id, e]));
  const entry = (e) => ({ entity_id: e.entity_id, name: e.names[0] });
  const diff = {
    added: entities.filter((e) => !byId.has(e.entity_id)).map(entry),
    changed: entities.filter((e) => byId.has(e.entity_id) && JSON.stringify(byId.get(e.entity_id)) !== JSON.stringify(e)).map(entry),
    removed: prev.filter((e) => !now_.has(e.entity_id)).map(entry),
  };
  const v = {
    version: list.versions.length + 1,
    format,
    entities,
    names: entities.reduce((n, e) => n + e.names.length, 0),
    diff,
    imported_at: now(),
    imported_by: actor ? actor.email : 'demo',
  };
  list.format = format;
  list.versions.push(v);
  appendAudit(actor, 'list.import', 'restricted_list', name, null, { version: v.version });
  return v;
}
const ent = (entity_id, kind, names, countries, programme = 'DEMO') => ({ entity_id, kind, names, countries, programme });
importVersion('demo-list', 'csv', [
  ent('D-1', 'person', ['Ivan Petrov', 'Иван Петров'], ['RU']),
  ent('D-2', 'organization', ['Northern Star Trading Co., Ltd.', '北星貿易有限公司'], ['CN']),
], null);
importVersion('demo-list', 'csv', [
  ent('D-1', 'person', ['Ivan Sergeyevich Petrov', 'Иван Петров'], ['RU']),
  ent('D-2', 'organization', ['Northern Star Trading Co., Ltd.', '北星貿易有限公司'], ['CN']),
  ent('D-3', 'person', ['Karim Haddad', 'كريم حداد'], ['SY']),
], null);

function screenName(name, { threshold = DEFAULT_THRESHOLD, top = 10 } = {}) {
  const out = [];
  for (const [listName, list] of complianceLists) {
    for (const e of list.versions.at(-1).entities) {
      let best = null;
      for (const n of e.names) {
        const r = explain(name, n);
        if (!best || r.score > best.score) best = { ...r, matched_name: n };
      }
      if (best.score > 0.3) {
        out.push({ list: listName, entity_id: e.entity_id, matched_name: best.matched_name, score: best.score, alert: best.score >= threshold, explanation: best.explanation });
      }
    }
  }
  return out.sort((a, b) => b.score - a.score).slice(0, top);
}

const subjects = [];
const hits = [];
const techRequests = [];
const categories = [
  { code: '3A001', title_en: 'Electronic components', title_ja: '電子部品', terms_en: ['integrated circuit', 'semiconductor', 'radiation hardened'], terms_ja: ['集積回路', '半導体', '耐放射線'] },
  { code: '6A003', title_en: 'Cameras and imaging', title_ja: 'カメラ・撮像装置', terms_en: ['infrared camera', 'focal plane array', 'thermal imaging'], terms_ja: ['赤外線カメラ', '焦点面アレイ', '熱画像'] },
  { code: '9E003', title_en: 'Aero gas turbine technology', title_ja: '航空機用ガスタービン技術', terms_en: ['turbine blade', 'gas turbine', 'single crystal'], terms_ja: ['タービンブレード', 'ガスタービン', '単結晶'] },
  { code: '2B001', title_en: 'Machine tools', title_ja: '工作機械', terms_en: ['machine tool', 'five-axis', 'positioning accuracy'], terms_ja: ['工作機械', '5軸', '位置決め精度'] },
];

function subjectStatus(s) {
  const mine = hits.filter((h) => h.subject.id === s.id);
  s.open_hits = mine.filter((h) => h.status === 'open').length;
  s.status = mine.some((h) => h.status === 'true_match') ? 'true_match' : s.open_hits ? 'open_hits' : 'clear';
  return s;
}
function noteSubject({ kind, name, other_names = [], country = null }, source) {
  const s = { id: id(), kind, name, other_names, country, source, status: 'clear', open_hits: 0, screened_at: now() };
  subjects.push(s);
  for (const n of [name, ...other_names]) {
    for (const m of screenName(n)) {
      if (!m.alert || hits.some((h) => h.subject.id === s.id && h.entity_id === m.entity_id)) continue;
      hits.push({
        id: id(),
        subject: { id: s.id, kind, name, country, source },
        list: m.list,
        entity_id: m.entity_id,
        matched_name: m.matched_name,
        score: m.score,
        explanation: m.explanation,
        status: 'open',
        reason: null,
        decided_by: null,
        decided_at: null,
        created_at: now(),
      });
    }
  }
  return subjectStatus(s);
}
function classify(description) {
  const text = description.toLowerCase();
  return categories
    .map((c) => {
      const matched = [...c.terms_en, ...c.terms_ja].filter((t) => text.includes(t.toLowerCase()));
      return { code: c.code, title_en: c.title_en, title_ja: c.title_ja, score: matched.length / (c.terms_en.length + c.terms_ja.length) * 2, matched_terms: matched };
    })
    .filter((c) => c.matched_terms.length)
    .map((c) => ({ ...c, score: Math.min(1, c.score) }))
    .sort((a, b) => b.score - a.score);
}
function requestJson(r, withHits) {
  const s = subjectStatus(subjects.find((x) => x.id === r.recipient_id));
  const recipient = { id: s.id, kind: s.kind, name: s.name, other_names: s.other_names, country: s.country, source: s.source, screening_status: s.status, screened_at: s.screened_at };
  if (withHits) recipient.hits = hits.filter((h) => h.subject.id === s.id);
  const { recipient_id, ...rest } = r;
  return { ...rest, recipient };
}
function fileRequest(provider, body) {
  const r = {
    id: id(),
    provider: { id: provider.id, name: provider.display_name },
    title: body.title,
    description: body.description,
    project: body.project ?? '',
    recipient_id: null,
    suggested_categories: classify(body.description),
    category_code: null,
    status: 'submitted',
    licence_number: null,
    conditions: null,
    expires_on: null,
    reason: null,
    decided_by: null,
    decided_at: null,
    created_at: now(),
    updated_at: now(),
  };
  r.recipient_id = noteSubject(body.recipient, `tech_request:${r.id}`).id;
  techRequests.push(r);
  return r;
}
{
  const party = noteSubject({ kind: 'organization', name: 'Northern Star Trading Co. Ltd', country: 'CN' }, 'party:1');
  const applicant = users.find((u) => u.email === 'applicant@asta.example');
  const r = fileRequest(applicant, {
    title: 'Turbine blade cooling design data',
    description: 'Design data for single crystal turbine blade cooling channels of a gas turbine.',
    project: 'ASEAN clean energy partnership',
    recipient: { kind: 'organization', name: 'Northern Star Trading Co. Ltd', country: 'CN' },
  });
  // The demo request's recipient is the registered party.
  subjects.splice(subjects.findIndex((x) => x.id === r.recipient_id), 1);
  hits.splice(0, hits.length, ...hits.filter((h) => h.subject.id === party.id));
  r.recipient_id = party.id;
}

function kindArg(v, field) {
  if (v === undefined || v === null || v === '') return undefined;
  if (!['person', 'organization'].includes(v)) throw invalid(field, 'must be person or organization');
  return v;
}
function countryArg(v, field, required = false) {
  if (v === undefined || v === null || v === '') {
    if (required) throw invalid(field, 'is required');
    return null;
  }
  if (!/^[A-Z]{2}$/.test(v)) throw invalid(field, 'must be an ISO 3166-1 alpha-2 code');
  return v;
}

function compliance(req, res, url, path, method, body, me) {
  let m;
  const officer = hasRole(me, 'compliance_officer');
  const admin = hasRole(me, 'administrator');
  const analystOnly = me.roles.length === 1 && hasRole(me, 'analyst');

  if (path === '/lists' && method === 'GET') {
    need(officer || admin || hasRole(me, 'analyst'), 'lists.read');
    return send(res, 200, {
      items: [...complianceLists].map(([name, l]) => {
        const v = l.versions.at(-1);
        return { name, format: l.format, version: v.version, entities: v.entities.length, names: v.names, imported_at: v.imported_at };
      }),
    });
  }
  if ((m = /^\/lists\/([^/]+)\/versions$/.exec(path))) {
    const name = decodeURIComponent(m[1]);
    if (method === 'POST') {
      need(officer || admin, 'lists.manage');
      if (!/^[a-z0-9-]{1,40}$/.test(name)) throw invalid('name', 'list names are [a-z0-9-]{1,40}');
      const format = str(body, 'format', { max: 20 });
      if (!['un-xml', 'ofac-csv', 'meti-xlsx', 'ftm-json', 'csv'].includes(format)) throw invalid('format', 'unknown format');
      const b64 = str(body, 'content_base64', { max: 50_000_000 });
      if (format !== 'csv') throw invalid('format', 'the mock reads csv only');
      const lines = Buffer.from(b64, 'base64').toString('utf8').split(/\r?\n/);
      const byId = new Map();
      lines.forEach((line, i) => {
        if (!line.trim() || (i === 0 && line.startsWith('entity_id'))) return;
        const [entity_id, n, kind, country] = line.split(',').map((x) => x?.trim());
        if (!entity_id || !n || !['person', 'organization'].includes(kind)) {
          // Like the server: the field names the place in the file.
          throw invalid(`line ${i + 1}`, 'expected entity_id,name,kind,country with kind person or organization');
        }
        const e = byId.get(entity_id) ?? ent(entity_id, kind, [], country ? [country] : [], '');
        e.names.push(n);
        byId.set(entity_id, e);
      });
      if (!byId.size) throw invalid('content_base64', 'line 1: the file holds no entities');
      const v = importVersion(name, format, [...byId.values()], me);
      return send(res, 201, { name, version: v.version, entities: v.entities.length, names: v.names, added: v.diff.added.length, changed: v.diff.changed.length, removed: v.diff.removed.length });
    }
    need(officer || admin || hasRole(me, 'analyst'), 'lists.read');
    const list = complianceLists.get(name);
    if (!list) throw new HttpError(404, 'not_found', 'no such list');
    const items = list.versions.map((v) => ({
      version: v.version, format: v.format, entities: v.entities.length, names: v.names,
      added: v.diff.added.length, changed: v.diff.changed.length, removed: v.diff.removed.length,
      imported_at: v.imported_at, imported_by: v.imported_by,
    }));
    return send(res, 200, page(items, url, 'version', true));
  }
  if ((m = /^\/lists\/([^/]+)\/versions\/(\d+)\/diff$/.exec(path)) && method === 'GET') {
    need(officer || admin || hasRole(me, 'analyst'), 'lists.read');
    const v = complianceLists.get(decodeURIComponent(m[1]))?.versions[Number(m[2]) - 1];
    if (!v) throw new HttpError(404, 'not_found', 'no such version');
    return send(res, 200, v.diff);
  }
  if ((m = /^\/lists\/([^/]+)\/entities$/.exec(path)) && method === 'GET') {
    need(officer || admin || hasRole(me, 'analyst'), 'lists.read');
    const list = complianceLists.get(decodeURIComponent(m[1]));
    if (!list) throw new HttpError(404, 'not_found', 'no such list');
    const q = (url.searchParams.get('q') ?? '').toLowerCase();
    const items = list.versions.at(-1).entities
      .filter((e) => !q || e.names.some((n) => n.toLowerCase().includes(q)))
      .map((e, i) => ({ id: i + 1, ...e }));
    return send(res, 200, page(items, url));
  }
  if (path === '/screen' && method === 'POST') {
    need(officer || admin, 'screen');
    const name = str(body, 'name', { max: 300 });
    kindArg(body.kind, 'kind');
    countryArg(body.country, 'country');
    const threshold = body.threshold ?? DEFAULT_THRESHOLD;
    if (typeof threshold !== 'number' || threshold < 0 || threshold > 1) throw invalid('threshold', 'must be a number from 0 to 1');
    return send(res, 200, { threshold, results: screenName(name, { threshold, top: body.top ?? 10 }) });
  }
  if (path === '/screen/batch' && method === 'POST') {
    need(officer || admin, 'screen');
    const queries = body?.queries;
    if (!Array.isArray(queries) || queries.length > 1000) throw invalid('queries', 'must be an array of at most 1000 queries');
    const threshold = body.threshold ?? DEFAULT_THRESHOLD;
    return send(res, 200, { results: queries.map((q) => ({ id: String(q.id), matches: screenName(String(q.name ?? ''), { threshold, top: body.top ?? 10 }) })) });
  }
  if (path === '/subjects') {
    need(officer || admin, 'screen');
    if (method === 'GET') return send(res, 200, page(subjects.map(subjectStatus), url, 'id', true));
    if (method === 'POST') {
      const kind = kindArg(body?.kind, 'kind');
      if (!kind) throw invalid('kind', 'is required');
      const s = noteSubject({ kind, name: str(body, 'name', { max: 300 }), other_names: body.other_names ?? [], country: countryArg(body.country, 'country') }, `party:${subjects.length + 1}`);
      return send(res, 201, { ...s, hits: hits.filter((h) => h.subject.id === s.id) });
    }
  }
  if (path === '/hits' && method === 'GET') {
    need(officer || admin, 'hits.read');
    const status = url.searchParams.get('status');
    return send(res, 200, page(status ? hits.filter((h) => h.status === status) : hits, url, 'id', true));
  }
  if ((m = /^\/hits\/(\d+)\/decision$/.exec(path)) && method === 'POST') {
    need(officer, 'hits.decide');
    const hit = hits.find((h) => h.id === Number(m[1]));
    if (!hit) throw new HttpError(404, 'not_found', 'no such hit');
    const status = str(body, 'status');
    if (!['true_match', 'false_positive'].includes(status)) throw invalid('status', 'must be true_match or false_positive');
    const reason = str(body, 'reason', { max: 2000 });
    const before = { ...hit };
    Object.assign(hit, { status, reason, decided_by: me.email, decided_at: now() });
    appendAudit(me, 'hit.decide', 'hit', hit.id, before, hit);
    return send(res, 200, hit);
  }
  if (path === '/control-categories' && method === 'GET') return send(res, 200, { items: categories });
  if ((m = /^\/control-categories\/([^/]+)$/.exec(path)) && method === 'PUT') {
    need(officer || admin, 'control_categories.write');
    const code = decodeURIComponent(m[1]);
    if (!/^[A-Za-z0-9-]{1,32}$/.test(code)) throw invalid('code', 'codes are letters, digits and hyphens');
    const c = { code, title_en: str(body, 'title_en', { max: 300 }), title_ja: str(body, 'title_ja', { max: 300 }), terms_en: body.terms_en ?? [], terms_ja: body.terms_ja ?? [] };
    const i = categories.findIndex((x) => x.code === code);
    if (i >= 0) categories[i] = c;
    else categories.push(c);
    return send(res, 200, c);
  }
  if (path === '/classify' && method === 'POST') return send(res, 200, { items: classify(str(body, 'description', { max: 20000 })) });
  if (path === '/tech-requests' && method === 'GET') {
    need(officer || admin, 'tech_requests.list');
    const status = url.searchParams.get('status');
    return send(res, 200, page(techRequests.filter((r) => !status || r.status === status).map((r) => requestJson(r, false)), url, 'id', true));
  }
  if (path === '/tech-requests/mine' && method === 'GET') {
    return send(res, 200, page(techRequests.filter((r) => r.provider.id === me.id).map((r) => requestJson(r, false)), url, 'id', true));
  }
  if (path === '/tech-requests' && method === 'POST') {
    need(!analystOnly, 'tech_requests.create');
    const title = str(body, 'title', { max: 300 });
    const description = str(body, 'description', { max: 20000 });
    const rec = body?.recipient;
    if (!rec || typeof rec !== 'object') throw invalid('recipient', 'is required');
    const kind = kindArg(rec.kind, 'recipient.kind');
    if (!kind) throw invalid('recipient.kind', 'is required');
    const rname = typeof rec.name === 'string' && rec.name.trim();
    if (!rname) throw invalid('recipient.name', 'is required');
    const country = countryArg(rec.country, 'recipient.country', true);
    const r = fileRequest(me, { title, description, project: body.project, recipient: { kind, name: rname, other_names: rec.other_names ?? [], country } });
    appendAudit(me, 'tech_request.create', 'tech_request', r.id, null, { title });
    return send(res, 201, requestJson(r, officer || admin));
  }
  if ((m = /^\/tech-requests\/(\d+)$/.exec(path)) && method === 'GET') {
    const r = techRequests.find((x) => x.id === Number(m[1]));
    if (!r) throw new HttpError(404, 'not_found', 'no such request');
    need(officer || admin || r.provider.id === me.id, 'tech_request.read');
    return send(res, 200, requestJson(r, officer || admin));
  }
  if ((m = /^\/tech-requests\/(\d+)\/decision$/.exec(path)) && method === 'POST') {
    need(officer, 'tech_requests.decide');
    const r = techRequests.find((x) => x.id === Number(m[1]));
    if (!r) throw new HttpError(404, 'not_found', 'no such request');
    const status = str(body, 'status');
    if (!['approved', 'rejected'].includes(status)) throw invalid('status', 'must be approved or rejected');
    const category_code = str(body, 'category_code', { max: 32 });
    if (category_code !== 'none' && !categories.some((c) => c.code === category_code)) throw invalid('category_code', 'no such control category');
    if (body.expires_on && !/^\d{4}-\d{2}-\d{2}$/.test(body.expires_on)) throw invalid('expires_on', 'must be YYYY-MM-DD');
    if (status === 'approved') {
      const unresolved = hits.filter((h) => h.subject.id === r.recipient_id && h.status !== 'false_positive');
      if (unresolved.length) {
        throw new HttpError(409, 'failed_precondition', `the recipient has ${unresolved.length} unresolved hit(s): ${unresolved.map((h) => h.id).join(', ')}`);
      }
    }
    Object.assign(r, {
      status, category_code,
      licence_number: body.licence_number ?? null, conditions: body.conditions ?? null,
      expires_on: body.expires_on ?? null, reason: body.reason ?? null,
      decided_by: me.email, decided_at: now(), updated_at: now(),
    });
    appendAudit(me, 'tech_request.decide', 'tech_request', r.id, null, { status });
    return send(res, 200, requestJson(r, true));
  }
  throw new HttpError(404, 'not_found', `no route ${method} /api/v1/compliance${path}`);
}

// The network module (people, organisations, programmes, offices, duplicates, views).
const network = createNetwork({ HttpError, invalid, send, page, now, users, appendAudit });

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

async function staticFile(req, res, url) {
  const rel = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = join(webRoot, rel);
  try {
    if (!file.startsWith(webRoot) || !(await stat(file)).isFile()) throw new Error('not a file');
  } catch {
    file = join(webRoot, 'index.html'); // SPA fallback
  }
  const data = await readFile(file);
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': "default-src 'self'",
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(data);
}

createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  try {
    if (url.pathname === '/healthz') return send(res, 200, { status: 'ok' });
    if (url.pathname.startsWith('/api/')) return await api(req, res, url);
    return await staticFile(req, res, url);
  } catch (err) {
    if (err instanceof HttpError) {
      return send(res, err.status, { error: { code: err.code, message: err.message, field: err.field } });
    }
    console.error(err);
    return send(res, 500, { error: { code: 'internal', message: 'internal error', field: null } });
  }
}).listen(Number(port), host, () => console.log(`mock asta listening on http://${host}:${port}`));
