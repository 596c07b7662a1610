#!/usr/bin/env python3
"""Proposal submission benchmark client (issue 5). Python 3 standard library only.

`run` drives one `asta serve` (already started on a fresh demo database by run.sh):

  setup     signs in the demo administrator and the programme officer
            (POST /api/v1/session, then POST /api/v1/tokens for a bearer token), creates
            APPLICANTS applicant accounts through the admin API (POST /api/v1/users,
            POST /api/v1/users/{id}/roles applicant/self), signs each in and gives it a
            token, then, as the officer, creates a programme (POST /api/v1/programmes) and
            one multilateral call open now and closing in 60 days (POST /api/v1/calls):
            3 funders (JST/JPY/JP, NSTDA/THB/TH, NRF/KRW/KR), rules min_countries 3,
            budget_currency, budget_max per funder, lead_from_funder_country, and a form
            section with max_chars.
  drafts    N drafts, POST /api/v1/calls/{id}/proposals, proposal i owned by applicant
            i mod APPLICANTS; every answer must be 201, eligible, without form errors.
  baseline  N authenticated requests that do no work, GET /api/v1/session, with the same
            tokens in the same order: the floor of an authenticated round trip.
  submit    all N, POST /api/v1/proposals/{id}/submit {"version": v}, each by its owner;
            every answer must be 200 with a receipt.
  verify    GET /api/v1/calls/{id}/proposals?state=submitted as the officer (paged by
            next_cursor when the answer has one) must list exactly the N proposals;
            receipt numbers must be distinct; a sample is cross-checked against
            GET /api/v1/proposals/{id}/receipts.

Every timed phase uses the same CONCURRENCY keep-alive HTTP/1.1 connections (one thread
each, pulling the next request from a shared counter). A latency is the time from
sending the request to having read the whole response; bodies are encoded before the
clock starts and responses decoded after it stops.

`report` reads the per-run JSON files, prints one table per backend (medians over runs,
losses and errors summed) and writes bench/out/proposals.json.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import random
import socket
import statistics
import sys
import threading
import time
import urllib.parse

TARGET_P99_MS = 100.0

# --- HTTP ---------------------------------------------------------------------------


class Conn:
    """One keep-alive HTTP/1.1 connection, reopened after a failure (counted)."""

    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout = host, port, timeout
        self.conn = None
        self.opened = 0

    def request(self, method, path, body=None, headers=None):
        """Returns (status, body bytes, seconds, error text or None, response headers).

        status is 0 when the request failed at the socket level; the connection is then
        closed and the next request opens a new one. No retries: a failure is a result.
        """
        hdrs = {"Accept": "application/json"}
        if headers:
            hdrs.update(headers)
        if body is not None:
            hdrs["Content-Type"] = "application/json"
        t0 = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                self.conn.connect()
                # http.client may write the headers and the body in separate send()
                # calls; without TCP_NODELAY Nagle's algorithm would then hold the body
                # back until the server's delayed ACK (~40 ms).
                self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self.opened += 1
                t0 = time.perf_counter()  # a (re)connect is not part of the request
            self.conn.request(method, path, body=body, headers=hdrs)
            resp = self.conn.getresponse()
            data = resp.read()
            elapsed = time.perf_counter() - t0
            rheaders = dict((k.lower(), v) for k, v in resp.getheaders())
            if resp.will_close:
                self.close()
            return resp.status, data, elapsed, None, rheaders
        except (OSError, http.client.HTTPException) as e:
            elapsed = time.perf_counter() - t0
            self.close()
            return 0, b"", elapsed, "%s: %s" % (type(e).__name__, e), {}

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except OSError:
                pass
            self.conn = None


def bearer(token):
    return {"Authorization": "Bearer " + token}


def decode(data):
    try:
        return json.loads(data.decode("utf-8")) if data else None
    except (UnicodeDecodeError, ValueError):
        return None


def clip(data, n=600):
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    return data if len(data) <= n else data[:n] + "…(%d chars)" % len(data)


class SetupError(Exception):
    pass


def call_api(conn, method, path, body=None, headers=None, expect=(200,)):
    """A setup request; raises SetupError naming the route, the body sent and the answer."""
    raw = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    status, data, elapsed, err, rh = conn.request(method, path, raw, headers)
    if status not in expect:
        raise SetupError(
            "%s %s -> %s (expected %s) after %.1f ms\n  sent: %s\n  got: %s"
            % (method, path, status or err, "/".join(map(str, expect)), elapsed * 1000,
               clip(raw or b"", 1500), clip(data, 1500)))
    return decode(data), rh


def sign_in(conn, email, password):
    """POST /api/v1/session, then POST /api/v1/tokens with the cookie: a bearer token."""
    body, rh = call_api(conn, "POST", "/api/v1/session", {"email": email, "password": password})
    cookie = rh.get("set-cookie", "").split(";", 1)[0]
    csrf = (body or {}).get("csrf_token", "")
    if not cookie or not csrf:
        raise SetupError("POST /api/v1/session for %s gave no cookie or csrf_token: %s"
                         % (email, clip(json.dumps(body))))
    tok, _ = call_api(conn, "POST", "/api/v1/tokens", {"name": "bench-proposals"},
                      {"Cookie": cookie, "X-CSRF-Token": csrf}, expect=(200, 201))
    if not tok or not tok.get("token"):
        raise SetupError("POST /api/v1/tokens gave no token: %s" % clip(json.dumps(tok)))
    return tok["token"], body["user"]["id"]


# --- content ------------------------------------------------------------------------

FUNDERS = [
    # agency, currency, country, call budget, budget_max per funder, line amount range
    ("JST", "JPY", "JP", 3_000_000_000, 30_000_000, (300_000, 2_400_000)),
    ("NSTDA", "THB", "TH", 400_000_000, 4_000_000, (40_000, 320_000)),
    ("NRF", "KRW", "KR", 25_000_000_000, 250_000_000, (2_000_000, 20_000_000)),
]

# Names as written (several scripts) by country, with organisations.
PEOPLE = {
    "JP": ["佐藤 健", "鈴木 陽子", "高橋 翔太", "田中 美咲", "渡辺 大輔", "伊藤 さくら",
           "山本 一郎", "中村 由美", "小林 直樹", "María José Fernández", "Ólafur Jónsson",
           "Nguyễn Văn An"],
    "TH": ["สมชาย ศรีสุข", "ณัฐพล วงศ์ไทย", "กมลา แก้วมณี", "ปิยะ สุวรรณรัตน์",
           "วรรณา ทองดี", "Somsak Chaiyaporn", "อรุณี พึ่งบุญ"],
    "KR": ["김민준", "이서연", "박지훈", "최유진", "정하늘", "강동원", "Kim Ji-woo",
           "윤서아"],
}
ORGS = {
    "JP": [("東京大学", "university"), ("京都大学", "university"),
           ("Tohoku University", "university"), ("理化学研究所", "research_institute"),
           ("株式会社日立製作所", "company")],
    "TH": [("จุฬาลงกรณ์มหาวิทยาลัย", "university"), ("Mahidol University", "university"),
           ("สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ", "research_institute")],
    "KR": [("서울대학교", "university"), ("KAIST", "university"),
           ("한국과학기술연구원", "research_institute"), ("삼성전자", "company")],
}
ROMAN = {"JP": "jp", "TH": "th", "KR": "kr"}
CATEGORIES = ["personnel", "equipment", "travel", "consumables", "subcontracting", "other"]
TOPICS = [
    ("Flood early warning from satellite and river-gauge data in monsoon Asia",
     "モンスーンアジアにおける衛星・水位計データによる洪水早期警戒"),
    ("Low-cost sodium-ion storage for rural microgrids",
     "農村マイクログリッド向け低コストナトリウムイオン蓄電"),
    ("Genomic surveillance of dengue and emerging arboviruses",
     "デング熱と新興アルボウイルスのゲノム監視"),
    ("Salt-tolerant rice breeding with field phenotyping",
     "圃場フェノタイピングによる耐塩性イネ育種"),
    ("Assistive robotics for ageing societies in East and Southeast Asia",
     "東・東南アジアの高齢社会のための支援ロボティクス"),
    ("Earthquake-resilient low-rise housing from local materials",
     "地域材料による耐震低層住宅"),
]
PLAN_SENTENCES = [
    "The consortium combines field stations in three countries with shared data pipelines.",
    "Work package 1 builds a harmonised dataset and publishes it under an open licence.",
    "Work package 2 develops and validates models against ten years of observations.",
    "Work package 3 pilots the results with municipal partners and measures uptake.",
    "Early-career researchers spend at least three months at a partner institution.",
    "Data management follows the FAIR principles; sensitive records stay in-country.",
    "Risks are reviewed each quarter by the steering board of the three teams.",
    "本研究は三か国の研究拠点を結び、共同で観測データを整備する。",
    "若手研究者の相互派遣により、長期的な共同研究ネットワークを形成する。",
    "成果は国際共著論文と公開データセットとして発信する。",
    "Results feed into regional standards work and a summer school in year two.",
    "Ethics approval is sought in each country before any data on people is collected.",
]
SECTION_CHARS = 1500


def section_text(rng, i):
    """Exactly SECTION_CHARS characters (code points), English and Japanese."""
    parts = ["Proposal %d. " % i]
    n = len(parts[0])
    while n < SECTION_CHARS:
        s = rng.choice(PLAN_SENTENCES) + " "
        parts.append(s)
        n += len(s)
    return "".join(parts)[:SECTION_CHARS]


def make_content(rng, i):
    countries = ["JP", "TH", "KR"]
    size = rng.randint(3, 6)
    member_countries = countries + [rng.choice(countries) for _ in range(size - 3)]
    team = []
    for k, c in enumerate(member_countries):
        org, org_type = rng.choice(ORGS[c])
        team.append({
            "name": rng.choice(PEOPLE[c]),
            "email": "m%d.%d@%s.bench.example" % (i, k, ROMAN[c]),
            "role": "lead" if k == 0 else ("co_lead" if k < 3 else "member"),
            "country": c,
            "organization": org,
            "org_type": org_type,
            "team": c,
        })
    budget = []
    lines = rng.randint(6, 12)
    for k in range(lines):
        agency, currency, country, _, _, (lo, hi) = FUNDERS[k % 3]
        budget.append({
            "funder": agency,
            "year": 2027 + rng.randint(0, 2),
            "category": rng.choice(CATEGORIES),
            "team": country,
            "amount": rng.randint(lo // 1000, hi // 1000) * 1000,
            "currency": currency,
        })
    title_en, title_ja = rng.choice(TOPICS)
    return {
        "title": "%s (%d)" % (title_en, i),
        "abstract": "%s. %s。三か国の共同研究。" % (title_en, title_ja),
        "language": "en",
        "team": team,
        "budget": budget,
        "sections": {"research_plan": section_text(rng, i)},
        "statements": {},
        "internationalisation": {
            "plan": "Reciprocal stays of early-career researchers and a joint summer school.",
            "targets": [{"indicator": "joint_publications", "target": "4 joint papers"},
                        {"indicator": "researcher_exchanges", "target": "6 researcher stays of 3+ months"}],
        },
    }


def tokyo_wall_clock(delta):
    """Wall-clock time in Asia/Tokyo (UTC+9, no daylight saving) now + delta."""
    t = datetime.datetime.now(datetime.timezone.utc) + delta + datetime.timedelta(hours=9)
    return t.strftime("%Y-%m-%dT%H:%M:%S")


def call_definition(programme_id):
    rules = [{"kind": "min_countries", "min": 3},
             {"kind": "lead_from_funder_country"},
             {"kind": "budget_currency"}]
    for agency, _, _, _, per_max, _ in FUNDERS:
        rules.append({"kind": "budget_max", "per": "funder", "max": per_max, "funder": agency})
    return {
        "programme_id": programme_id,
        "title": "Asia Science & Technology Area joint research 2027 (benchmark)",
        "title_ja": "アジア・サイエンス・テクノロジー・エリア国際共同研究 2027（ベンチマーク）",
        "description": "A multilateral call of JST, NSTDA and NRF for three-country teams.",
        "opens": tokyo_wall_clock(datetime.timedelta(days=-1)),
        "closes": tokyo_wall_clock(datetime.timedelta(days=60)),
        "time_zone": "Asia/Tokyo",
        "funding_model": "virtual_common_pot",
        "stages": 1,
        "funders": [{"agency": a, "currency": cur, "budget": b, "countries": [c]}
                    for a, cur, c, b, _, _ in FUNDERS],
        "slots": [],
        "rules": rules,
        "form": {
            "sections": [{"key": "research_plan", "title_en": "Research plan",
                          "title_ja": "研究計画", "max_chars": 2000, "required": True}],
            "attachments": [],
        },
        "criteria": [
            {"key": "excellence", "title_en": "Scientific excellence", "title_ja": "科学的卓越性",
             "weight": 50, "scale_max": 5},
            {"key": "cooperation", "title_en": "Quality of the cooperation",
             "title_ja": "国際協力の質", "weight": 30, "scale_max": 5},
            {"key": "impact", "title_en": "Impact", "title_ja": "波及効果", "weight": 20,
             "scale_max": 5},
        ],
    }


# --- timed phases -------------------------------------------------------------------


def run_phase(conns, jobs, fn, meter=None, cpu_out=None):
    """Runs fn(conn, job) for every job, one thread per connection, each taking the next
    job from a shared counter. Returns (results in job order, wall seconds); with a
    meter, stores the phase's CPU figures in cpu_out."""
    results = [None] * len(jobs)
    lock = threading.Lock()
    next_job = [0]

    def worker(conn):
        while True:
            with lock:
                k = next_job[0]
                next_job[0] += 1
            if k >= len(jobs):
                return
            results[k] = fn(conn, jobs[k])

    threads = [threading.Thread(target=worker, args=(c,)) for c in conns]
    before = meter.snapshot() if meter else None
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    if meter and cpu_out is not None and jobs:
        cpu_out.update(CpuMeter.delta(before, meter.snapshot(), len(jobs)))
    return results, wall


def pct(sorted_values, p):
    """Nearest-rank percentile of an ascending list (p in 0..100)."""
    if not sorted_values:
        return None
    k = max(0, min(len(sorted_values) - 1, int(-(-p * len(sorted_values) // 100)) - 1))
    return sorted_values[k]


CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu(pid):
    """CPU seconds (user + system) of a process so far; None when it cannot be read."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, ValueError, IndexError):
        return None


def postgres_pids():
    pids = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return pids
    for name in names:
        if name.isdigit():
            try:
                with open("/proc/%s/comm" % name) as f:
                    if f.read().strip() == "postgres":
                        pids.append(int(name))
            except OSError:
                pass
    return pids


def machine_cpu():
    """(busy, total) jiffies of all cores, from /proc/stat; None when unavailable."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        idle = v[3] + (v[4] if len(v) > 4 else 0)
        return sum(v) - idle, sum(v)
    except (OSError, ValueError, IndexError):
        return None


class CpuMeter:
    """CPU used during a phase by asta serve (--server-pid), by every process named
    postgres (on this machine: the PostgreSQL server's backends) and by the machine."""

    def __init__(self, server_pid, with_postgres):
        self.server_pid = server_pid
        self.with_postgres = with_postgres

    def snapshot(self):
        pg = {p: process_cpu(p) for p in postgres_pids()} if self.with_postgres else {}
        return {"server": process_cpu(self.server_pid) if self.server_pid else None,
                "pg": pg, "machine": machine_cpu(), "t": time.perf_counter()}

    @staticmethod
    def delta(a, b, requests):
        out = {}
        if a["server"] is not None and b["server"] is not None:
            out["server_cpu_ms_per_req"] = round((b["server"] - a["server"]) * 1000 / requests, 3)
            out["server_cores"] = round((b["server"] - a["server"]) / (b["t"] - a["t"]), 2)
        pg = sum((b["pg"][p] or 0) - (a["pg"].get(p) or 0) for p in b["pg"] if b["pg"][p] is not None)
        if b["pg"]:
            out["postgres_cpu_ms_per_req"] = round(pg * 1000 / requests, 3)
        if a["machine"] and b["machine"] and b["machine"][1] > a["machine"][1]:
            out["machine_busy"] = round((b["machine"][0] - a["machine"][0])
                                        / (b["machine"][1] - a["machine"][1]), 3)
        return out


def latency_summary(seconds, wall):
    ms = sorted(s * 1000.0 for s in seconds)
    if not ms:
        return {"count": 0}
    return {
        "count": len(ms),
        "per_s": round(len(ms) / wall, 1) if wall > 0 else None,
        "wall_s": round(wall, 3),
        "mean_ms": round(statistics.fmean(ms), 3),
        "p50_ms": round(pct(ms, 50), 3),
        "p95_ms": round(pct(ms, 95), 3),
        "p99_ms": round(pct(ms, 99), 3),
        "max_ms": round(ms[-1], 3),
    }


class Errors:
    """Counts unexpected answers by kind and keeps the first few in full."""

    def __init__(self, keep=5):
        self.by_kind = {}
        self.samples = []
        self.keep = keep

    def add(self, kind, sample):
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1
        if len(self.samples) < self.keep:
            self.samples.append(sample)

    def total(self):
        return sum(self.by_kind.values())

    def as_json(self):
        return {"total": self.total(), "by_kind": self.by_kind, "samples": self.samples}


def sample(method, path, sent, status, data, seconds, err=None):
    return {"route": "%s %s" % (method, path), "sent": clip(sent or b"", 400),
            "status": status, "error": err, "body": clip(data, 800),
            "ms": round(seconds * 1000, 2)}


def log(msg):
    print("bench/proposals: " + msg, file=sys.stderr, flush=True)


def wait_healthy(host, port, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        c = Conn(host, port, 2)
        status, _, _, _, _ = c.request("GET", "/healthz")
        c.close()
        if status == 200:
            return
        time.sleep(0.1)
    raise SetupError("GET /healthz did not answer 200 within %d s" % seconds)


def list_submitted(conn, token, call_id, expect_max):
    """Every item of GET /calls/{id}/proposals?state=submitted, following next_cursor."""
    items, pages, cursor, seen_cursors = [], 0, None, set()
    timings = []
    while True:
        q = {"state": "submitted", "limit": "200"}
        if cursor:
            q["cursor"] = cursor
        path = "/api/v1/calls/%d/proposals?%s" % (call_id, urllib.parse.urlencode(q))
        status, data, secs, err, _ = conn.request("GET", path, None, bearer(token))
        timings.append(secs)
        if status != 200:
            raise SetupError("GET %s -> %s after %.1f ms: %s"
                             % (path, status or err, secs * 1000, clip(data, 1500)))
        body = decode(data)
        if not isinstance(body, dict) or not isinstance(body.get("items"), list):
            raise SetupError("GET %s: no items list: %s" % (path, clip(data)))
        items.extend(body["items"])
        pages += 1
        cursor = body.get("next_cursor")
        if not cursor:
            break
        if cursor in seen_cursors or pages > expect_max // 50 + 100:
            raise SetupError("GET %s: paging does not end (cursor %r repeated or %d pages)"
                             % (path, cursor, pages))
        seen_cursors.add(cursor)
    return items, pages, body.get("totals"), timings


def cmd_run(a):
    host, port = a.host, a.port
    rng = random.Random(a.seed)
    result = {
        "backend": a.backend, "n": a.n, "concurrency": a.concurrency,
        "applicants": a.applicants, "seed": a.seed,
        "started_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    wait_healthy(host, port)
    setup = Conn(host, port, a.timeout)
    t_setup = time.perf_counter()

    admin_token, _ = sign_in(setup, a.admin_email, a.password)
    officer_token, officer_id = sign_in(setup, a.officer_email, a.password)
    agencies, _ = call_api(setup, "GET", "/api/v1/agencies?limit=200", None, bearer(admin_token))
    agency_ids = {x["code"]: x["id"] for x in agencies["items"]}
    for code, _, _, _, _, _ in FUNDERS:
        if code not in agency_ids:
            raise SetupError("demo data has no agency %s (agencies: %s)"
                             % (code, ", ".join(sorted(agency_ids))))

    # Applicants: accounts created through the admin API, each with its own token.
    tag = "%d%03d" % (int(time.time()), rng.randint(0, 999))
    display = [("グエン ティ ホア", "Nguyen Thi Hoa"), ("สมหญิง ใจดี", "Somying Jaidee"),
               ("박서준", "Park Seo-jun"), ("佐々木 優", "Sasaki Yu"),
               ("Zoë Müller", "Zoe Muller")]
    applicants = []  # (user id, token)
    for k in range(a.applicants):
        dn, ln = display[k % len(display)]
        email = "bench-applicant-%s-%d@bench.example" % (tag, k)
        user, _ = call_api(setup, "POST", "/api/v1/users",
                           {"email": email, "display_name": "%s %d" % (dn, k),
                            "latin_name": "%s %d" % (ln, k), "language": "en",
                            "password": a.applicant_password},
                           bearer(admin_token), expect=(201,))
        call_api(setup, "POST", "/api/v1/users/%d/roles" % user["id"],
                 {"role": "applicant", "scope_type": "self"}, bearer(admin_token),
                 expect=(200, 201))
        token, uid = sign_in(setup, email, a.applicant_password)
        applicants.append((uid, token))
    log("%s: %d applicant accounts with tokens in %.1f s"
        % (a.backend, len(applicants), time.perf_counter() - t_setup))

    # The programme and the call, as the programme officer of JST.
    call_owner = officer_token if a.call_as == "officer" else admin_token
    programme, _ = call_api(
        setup, "POST", "/api/v1/programmes",
        {"agency_id": agency_ids["JST"], "kind": "joint_research",
         "name": "e-ASIA style joint research (benchmark)",
         "name_ja": "国際共同研究プログラム（ベンチマーク）",
         "description": "Multilateral joint research with partner agencies in Asia.",
         "partner_agencies": ["NSTDA", "NRF"]},
        bearer(call_owner), expect=(201,))
    definition = call_definition(programme["id"])
    call, _ = call_api(setup, "POST", "/api/v1/calls", definition, bearer(call_owner),
                       expect=(201,))
    call_id = call["id"]
    call_get, _ = call_api(setup, "GET", "/api/v1/calls/%d" % call_id, None,
                           bearer(applicants[0][1]))
    if call_get.get("status") != "open":
        raise SetupError("call %d is not open: status %r (opens %r, closes %r)"
                         % (call_id, call_get.get("status"), call_get.get("opens"),
                            call_get.get("closes")))
    result["call"] = {"id": call_id, "opens": call_get.get("opens"),
                      "closes": call_get.get("closes"), "created_by": a.call_as}
    result["setup_s"] = round(time.perf_counter() - t_setup, 2)
    setup.close()

    # Bodies encoded before any clock starts.
    contents = [make_content(rng, i) for i in range(a.n)]
    draft_bodies = [json.dumps(c, ensure_ascii=False).encode("utf-8") for c in contents]
    result["draft_body_bytes"] = {
        "mean": round(statistics.fmean(len(b) for b in draft_bodies)),
        "max": max(len(b) for b in draft_bodies)}
    result["content"] = {
        "team_members": [min(len(c["team"]) for c in contents),
                         max(len(c["team"]) for c in contents)],
        "budget_lines": [min(len(c["budget"]) for c in contents),
                         max(len(c["budget"]) for c in contents)],
        "section_chars": SECTION_CHARS}
    del contents
    conns = [Conn(host, port, a.timeout) for _ in range(a.concurrency)]
    meter = CpuMeter(a.server_pid, a.backend == "postgresql")
    cpu = {"drafts": {}, "baseline": {}, "submit": {}}

    # --- drafts ---
    draft_path = "/api/v1/calls/%d/proposals" % call_id
    draft_errors = Errors()
    ineligible = []

    def create_draft(conn, i):
        uid, token = applicants[i % len(applicants)]
        status, data, secs, err, _ = conn.request("POST", draft_path, draft_bodies[i],
                                                  bearer(token))
        return i, status, data, secs, err

    log("%s: creating %d drafts on %d connections" % (a.backend, a.n, a.concurrency))
    draft_results, draft_wall = run_phase(conns, list(range(a.n)), create_draft, meter,
                                          cpu["drafts"])
    drafts = []  # (proposal id, version, owner token) in job order; None when failed
    for i, status, data, secs, err in draft_results:
        body = decode(data) if status == 201 else None
        if status != 201 or not isinstance(body, dict) or not body.get("id"):
            draft_errors.add("status %s" % (status or err),
                             sample("POST", draft_path, draft_bodies[i], status, data, secs, err))
            drafts.append(None)
            continue
        check = body.get("check") or {}
        if check.get("eligible") is not True or body.get("form_errors"):
            ineligible.append({"id": body["id"], "check": check,
                               "form_errors": body.get("form_errors")})
        drafts.append((body["id"], body.get("version"), applicants[i % len(applicants)][1]))
    result["drafts"] = latency_summary([r[3] for r in draft_results], draft_wall)
    result["drafts"]["errors"] = draft_errors.as_json()
    result["drafts"]["cpu"] = cpu["drafts"]
    result["drafts"]["ineligible"] = len(ineligible)
    result["drafts"]["ineligible_samples"] = ineligible[:3]
    del draft_bodies
    log("%s: drafts %s, errors %d, ineligible %d"
        % (a.backend, fmt_lat(result["drafts"]), draft_errors.total(), len(ineligible)))
    if draft_errors.total() or ineligible:
        result["aborted"] = "draft creation failed; submissions not measured"
        for s in draft_errors.samples:
            log("draft error: %s" % json.dumps(s, ensure_ascii=False))
        for s in ineligible[:2]:
            log("ineligible draft: %s" % clip(json.dumps(s, ensure_ascii=False), 2000))
        return finish(a, result, conns)

    # --- baseline ---
    def baseline_req(conn, i):
        token = drafts[i][2]
        status, data, secs, err, _ = conn.request("GET", "/api/v1/session", None,
                                                  bearer(token))
        return i, status, data, secs, err

    log("%s: baseline, %d x GET /api/v1/session" % (a.backend, a.n))
    base_results, base_wall = run_phase(conns, list(range(a.n)), baseline_req, meter,
                                        cpu["baseline"])
    base_errors = Errors()
    for i, status, data, secs, err in base_results:
        if status != 200:
            base_errors.add("status %s" % (status or err),
                            sample("GET", "/api/v1/session", None, status, data, secs, err))
    result["baseline"] = latency_summary([r[3] for r in base_results], base_wall)
    result["baseline"]["route"] = "GET /api/v1/session"
    result["baseline"]["errors"] = base_errors.as_json()
    result["baseline"]["cpu"] = cpu["baseline"]
    log("%s: baseline %s, errors %d" % (a.backend, fmt_lat(result["baseline"]),
                                         base_errors.total()))

    # --- submissions ---
    submit_bodies = [json.dumps({"version": d[1]}).encode() for d in drafts]

    def submit(conn, i):
        pid, _, token = drafts[i]
        path = "/api/v1/proposals/%d/submit" % pid
        status, data, secs, err, _ = conn.request("POST", path, submit_bodies[i], bearer(token))
        return i, status, data, secs, err

    log("%s: submitting %d proposals on %d connections" % (a.backend, a.n, a.concurrency))
    sub_results, sub_wall = run_phase(conns, list(range(a.n)), submit, meter, cpu["submit"])
    sub_errors = Errors()
    receipts = {}  # proposal id -> receipt
    for i, status, data, secs, err in sub_results:
        pid = drafts[i][0]
        path = "/api/v1/proposals/%d/submit" % pid
        body = decode(data) if status == 200 else None
        receipt = body.get("receipt") if isinstance(body, dict) else None
        proposal = body.get("proposal") if isinstance(body, dict) else None
        if status != 200:
            sub_errors.add("status %s" % (status or err),
                           sample("POST", path, submit_bodies[i], status, data, secs, err))
        elif not isinstance(receipt, dict) or not receipt.get("number"):
            sub_errors.add("200 without a receipt number",
                           sample("POST", path, submit_bodies[i], status, data, secs))
        elif not isinstance(proposal, dict) or proposal.get("state") != "submitted":
            sub_errors.add("200 but proposal.state is not submitted",
                           sample("POST", path, submit_bodies[i], status, data, secs))
        else:
            receipts[pid] = receipt
    result["submit"] = latency_summary([r[3] for r in sub_results], sub_wall)
    result["submit"]["errors"] = sub_errors.as_json()
    result["submit"]["cpu"] = cpu["submit"]
    numbers = [r["number"] for r in receipts.values()]
    result["submit"]["receipts"] = len(receipts)
    result["submit"]["receipt_numbers_distinct"] = len(set(numbers))
    result["submit"]["receipt_examples"] = numbers[:3]
    log("%s: submit %s, errors %d, receipts %d (%d distinct)"
        % (a.backend, fmt_lat(result["submit"]), sub_errors.total(), len(receipts),
           len(set(numbers))))
    for s in sub_errors.samples:
        log("submit error: %s" % json.dumps(s, ensure_ascii=False))

    # --- verification ---
    vconn = Conn(host, port, max(a.timeout, 120))
    ours = set(d[0] for d in drafts)
    items, pages, totals, list_secs = list_submitted(vconn, officer_token, call_id, a.n)
    listed_ids = [x.get("id") for x in items]
    listed_ours = set(listed_ids) & ours
    not_submitted_state = [x.get("id") for x in items if x.get("state") not in (None, "submitted")]
    duplicates = len(listed_ids) - len(set(listed_ids))
    # Lost: acknowledged with a receipt but not listed as submitted. Proposals whose
    # submission failed are errors, counted in not_submitted too.
    lost = len(set(receipts) - listed_ours)
    # Receipts named in the list, when its items carry them.
    list_receipts = []
    for x in items:
        r = x.get("receipt")
        n = r.get("number") if isinstance(r, dict) else (x.get("receipt_number") or r)
        if isinstance(n, str) and n:
            list_receipts.append(n)
    # A sample cross-checked against GET /proposals/{id}/receipts, by the owner.
    owner_of = dict((d[0], d[2]) for d in drafts)
    checked, mismatches = 0, []
    for pid in random.Random(a.seed + 1).sample(sorted(receipts), min(a.sample, len(receipts))):
        path = "/api/v1/proposals/%d/receipts" % pid
        status, data, secs, err, _ = vconn.request("GET", path, None, bearer(owner_of[pid]))
        body = decode(data) if status == 200 else None
        got = [r.get("number") for r in (body or {}).get("items", [])] if body else []
        checked += 1
        if status != 200 or receipts[pid]["number"] not in got:
            mismatches.append(sample("GET", path, None, status, data, secs, err))
    vconn.close()
    result["verify"] = {
        "listed": len(items), "pages": pages, "listed_ours": len(listed_ours),
        "listed_other": len(set(listed_ids) - ours), "duplicates": duplicates,
        "wrong_state": len(not_submitted_state), "lost": lost,
        "lost_ids": sorted(set(receipts) - listed_ours)[:20],
        "not_submitted": len(ours - listed_ours),
        "list_receipt_numbers": len(list_receipts),
        "list_receipt_numbers_distinct": len(set(list_receipts)),
        "receipts_checked": checked, "receipt_mismatches": len(mismatches),
        "receipt_mismatch_samples": mismatches[:3],
        "list_ms": [round(s * 1000, 1) for s in list_secs][:10],
        "totals": totals,
    }
    log("%s: verify: listed %d submitted in %d page(s), ours %d, lost %d, duplicates %d, "
        "receipt sample %d checked, %d mismatched"
        % (a.backend, len(items), pages, len(listed_ours), lost, duplicates, checked,
           len(mismatches)))
    return finish(a, result, conns)


def fmt_lat(s):
    if not s.get("count"):
        return "none"
    text = ("%d in %.1f s (%.0f/s), p50 %.1f p95 %.1f p99 %.1f max %.1f ms"
            % (s["count"], s["wall_s"], s["per_s"], s["p50_ms"], s["p95_ms"], s["p99_ms"],
               s["max_ms"]))
    c = s.get("cpu") or {}
    if "server_cpu_ms_per_req" in c:
        text += "; asta CPU %.2f ms/req" % c["server_cpu_ms_per_req"]
    if c.get("postgres_cpu_ms_per_req"):
        text += ", postgres CPU %.2f ms/req" % c["postgres_cpu_ms_per_req"]
    if "machine_busy" in c:
        text += ", machine %.0f%% busy" % (c["machine_busy"] * 100)
    return text


def finish(a, result, conns):
    result["connections_opened"] = sum(c.opened for c in conns)
    for c in conns:
        c.close()
    sub = result.get("submit", {})
    base = result.get("baseline", {})
    if sub.get("count") and base.get("count"):
        result["ratio_p50"] = round(sub["p50_ms"] / base["p50_ms"], 2)
        result["ratio_p99"] = round(sub["p99_ms"] / base["p99_ms"], 2)
    v = result.get("verify", {})
    result["lost"] = v.get("lost")  # None: not verified (run aborted)
    result["errors"] = sum(result.get(k, {}).get("errors", {}).get("total", 0)
                           for k in ("drafts", "baseline", "submit"))
    ok = ("aborted" not in result and result["lost"] == 0 and result["errors"] == 0
          and v.get("listed_ours") == a.n and v.get("duplicates") == 0
          and v.get("wrong_state") == 0 and v.get("receipt_mismatches") == 0
          and sub.get("receipt_numbers_distinct") == a.n)
    result["complete"] = ok
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)
    return 0 if ok else 3


# --- report -------------------------------------------------------------------------


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def f1(v, spec="%.1f"):
    return "-" if v is None else spec % v


def cmd_report(a):
    runs = []
    for path in a.runs:
        with open(path, encoding="utf-8") as f:
            runs.append(json.load(f))
    backends = []
    for r in runs:
        if r["backend"] not in backends:
            backends.append(r["backend"])
    summary, failed = {}, False
    print()
    print("Proposal submission through the API: %d runs; %s cores (%s)"
          % (len(runs), os.cpu_count(), a.cpu or platform.machine()))
    if runs:
        r0 = runs[0]
        print("N=%d proposals per run, %d keep-alive connections, %d applicant accounts; "
              "medians over runs, lost and errors summed"
              % (r0["n"], r0["concurrency"], r0["applicants"]))
    print()
    print("| backend | runs | N | lost | errors | submissions/s | p50 ms | p95 ms | p99 ms | "
          "max ms | baseline p50 ms | baseline p99 ms | p50 ratio | p99 ratio | "
          "drafts p50 ms | drafts p99 ms | drafts/s | target |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for b in backends:
        rs = [r for r in runs if r["backend"] == b]
        s = {
            "runs": len(rs), "n": rs[0]["n"],
            "lost": sum(r.get("lost") or 0 for r in rs),
            "errors": sum(r.get("errors", 0) for r in rs),
            "incomplete_runs": sum(1 for r in rs if not r.get("complete")),
        }
        for key, phase, field in [
                ("submit_per_s", "submit", "per_s"), ("submit_p50_ms", "submit", "p50_ms"),
                ("submit_p95_ms", "submit", "p95_ms"), ("submit_p99_ms", "submit", "p99_ms"),
                ("submit_max_ms", "submit", "max_ms"),
                ("baseline_p50_ms", "baseline", "p50_ms"),
                ("baseline_p99_ms", "baseline", "p99_ms"),
                ("drafts_p50_ms", "drafts", "p50_ms"), ("drafts_p99_ms", "drafts", "p99_ms"),
                ("drafts_per_s", "drafts", "per_s")]:
            s[key] = med([r.get(phase, {}).get(field) for r in rs])
        for phase in ("drafts", "baseline", "submit"):
            for field in ("server_cpu_ms_per_req", "postgres_cpu_ms_per_req", "machine_busy"):
                s["%s_%s" % (phase, field)] = med(
                    [(r.get(phase, {}).get("cpu") or {}).get(field) for r in rs])
        s["ratio_p50"] = med([r.get("ratio_p50") for r in rs])
        s["ratio_p99"] = med([r.get("ratio_p99") for r in rs])
        met = (s["incomplete_runs"] == 0 and s["lost"] == 0 and s["errors"] == 0
               and s["submit_p99_ms"] is not None and s["submit_p99_ms"] < TARGET_P99_MS)
        s["target_met"] = met
        failed = failed or not met
        summary[b] = s
        print("| %s | %d | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s "
              "| %s | %s |"
              % (b, s["runs"], s["n"], s["lost"], s["errors"], f1(s["submit_per_s"], "%.0f"),
                 f1(s["submit_p50_ms"]), f1(s["submit_p95_ms"]), f1(s["submit_p99_ms"]),
                 f1(s["submit_max_ms"]), f1(s["baseline_p50_ms"]), f1(s["baseline_p99_ms"]),
                 f1(s["ratio_p50"], "%.2f"), f1(s["ratio_p99"], "%.2f"),
                 f1(s["drafts_p50_ms"]), f1(s["drafts_p99_ms"]), f1(s["drafts_per_s"], "%.0f"),
                 "met" if met else "MISSED"))
    print()
    print("CPU per request (medians): asta serve / postgres processes; machine busy (all cores)")
    for b, s in summary.items():
        print("  %s: " % b + "; ".join(
            "%s %s / %s ms, %s busy" % (
                phase, f1(s["%s_server_cpu_ms_per_req" % phase], "%.2f"),
                f1(s["%s_postgres_cpu_ms_per_req" % phase], "%.2f"),
                f1(None if s["%s_machine_busy" % phase] is None
                   else s["%s_machine_busy" % phase] * 100, "%.0f%%"))
            for phase in ("drafts", "baseline", "submit")))
    print()
    print("per run:")
    for r in runs:
        sub, base, dr = r.get("submit", {}), r.get("baseline", {}), r.get("drafts", {})
        print("  %s: submit %s; baseline %s; drafts %s; lost %s, errors %s%s"
              % (r["backend"], fmt_lat(sub) if sub else "-", fmt_lat(base) if base else "-",
                 fmt_lat(dr) if dr else "-", r.get("lost"), r.get("errors"),
                 "" if r.get("complete") else " (INCOMPLETE: %s)" % r.get("aborted", "checks failed")))
    print()
    print("target: 0 lost, 0 errors, submission p99 < %.0f ms (each backend)" % TARGET_P99_MS)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump({"generated_at": datetime.datetime.now(datetime.timezone.utc)
                   .strftime("%Y-%m-%dT%H:%M:%SZ"),
                   "machine": {"cores": os.cpu_count(), "cpu": a.cpu,
                               "load_before": a.load_before, "load_after": a.load_after},
                   "commit": a.commit, "target_p99_ms": TARGET_P99_MS,
                   "summary": summary, "runs": runs}, f, ensure_ascii=False, indent=1)
    print("wrote %s" % a.out)
    return 1 if (failed and a.strict) else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="one run against a running asta serve")
    r.add_argument("--host", default="127.0.0.1")
    r.add_argument("--port", type=int, required=True)
    r.add_argument("--backend", default="sqlite")
    r.add_argument("--n", type=int, default=10000)
    r.add_argument("--concurrency", type=int, default=8)
    r.add_argument("--applicants", type=int, default=50)
    r.add_argument("--admin-email", default="admin@asta.example")
    r.add_argument("--officer-email", default="officer@asta.example")
    r.add_argument("--password", default="asta-demo-2026")
    r.add_argument("--applicant-password", default="bench-Applicant-2026!")
    r.add_argument("--call-as", choices=["officer", "admin"], default="officer")
    r.add_argument("--sample", type=int, default=100, help="receipts cross-checked")
    r.add_argument("--seed", type=int, default=5)
    r.add_argument("--timeout", type=float, default=60.0)
    r.add_argument("--server-pid", type=int, default=0, help="asta serve, for its CPU time")
    r.add_argument("--out", required=True)
    rp = sub.add_parser("report", help="tables and bench/out/proposals.json from runs")
    rp.add_argument("runs", nargs="*")
    rp.add_argument("--out", required=True)
    rp.add_argument("--strict", action="store_true")
    rp.add_argument("--cpu", default="")
    rp.add_argument("--commit", default="")
    rp.add_argument("--load-before", default="")
    rp.add_argument("--load-after", default="")
    a = p.parse_args()
    if a.cmd == "run":
        if a.n < 1 or a.concurrency < 1 or a.applicants < 1:
            p.error("--n, --concurrency and --applicants must be at least 1")
        try:
            return cmd_run(a)
        except SetupError as e:
            log("setup failed: %s" % e)
            with open(a.out, "w", encoding="utf-8") as f:
                json.dump({"backend": a.backend, "n": a.n, "concurrency": a.concurrency,
                           "applicants": a.applicants, "complete": False, "lost": None,
                           "errors": 0, "aborted": "setup failed: %s" % e}, f,
                          ensure_ascii=False, indent=1)
            return 2
    return cmd_report(a)


if __name__ == "__main__":
    sys.exit(main())
