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
  const body = method === 'POST' || method === 'PATCH' ? await readBody(req) : null;
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

  throw new HttpError(404, 'not_found', `no route ${method} ${url.pathname}`);
}

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
