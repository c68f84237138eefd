"""`make load` and `make faults`: a production-style server (gunicorn, DEBUG=False, PostgreSQL) on
127.0.0.1 under the locust mix, and in the same run the same server's ceiling on a trivial endpoint.

    python loadtest/run.py [--users 20] [--seconds 60] [--faults]

--faults restarts PostgreSQL in the middle of the mix and then checks that the application recovered
by itself, that every write acknowledged with 201 is in the database, and that no half-written record
remains. Exits non-zero on any failure."""

import argparse
import csv
import json
import os
import secrets
import shutil
import subprocess  # noqa: S404  the test drives real processes
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PORT = int(os.environ.get("LOAD_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
DB_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jiayuan_load")


def load_keys() -> dict:
    sys.path.insert(0, str(ROOT))
    from config.secrets import ensure

    return ensure(ROOT / "var" / "load-secrets.env")[0]


def server_env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DATABASE_URL": DB_URL,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        # keys of its own database's encrypted columns, kept across runs (the database is reused) in var/
        **{name: os.environ.get(name) or load_keys()[name] for name in ("FIELD_ENCRYPTION_KEY", "BLIND_INDEX_KEY")},
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback; TLS is the proxy's job in production
        "SECURE_COOKIES": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CONN_MAX_AGE": "60",
        "AXES_FAILURE_LIMIT": "1000",  # many load users share the demo accounts
    }


def sh(*args, env=None, check=True, **kw):
    return subprocess.run(list(args), cwd=ROOT, env=env, check=check, **kw)  # noqa: S603


def prepare(env):
    import psycopg

    base, name = DB_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            c.execute(f'CREATE DATABASE "{name}"')
    sh(PY, "manage.py", "migrate", "--noinput", "-v0", env=env)
    sh(PY, "manage.py", "load_demo", "-v0", env=env)
    sh(PY, "manage.py", "collectstatic", "--noinput", "-v0", env=env)


def start_server(env):
    log = open(ROOT / "var" / "load-server.log", "w")  # noqa: SIM115  closed with the process
    proc = subprocess.Popen(  # noqa: S603
        [str(Path(PY).parent / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "3", "--threads", "4", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=1)  # noqa: S310  our own loopback server
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start; see var/load-server.log")


def locust(user_classes, users, seconds, prefix, ack_file=None):
    env = {**os.environ, "LOAD_ACK_FILE": ack_file or ""}
    sh(
        str(Path(PY).parent / "locust"), "-f", "loadtest/locustfile.py", "--headless", "-H", BASE, "-u", str(users), "-r", str(users),
        "-t", f"{seconds}s", "--csv", prefix, "--only-summary", "--exit-code-on-error", "0", *user_classes,
        env=env, capture_output=True,
    )
    with open(f"{prefix}_stats.csv") as f:
        rows = {r["Name"]: r for r in csv.DictReader(f)}
    with open(f"{prefix}_failures.csv") as f:
        failures = list(csv.DictReader(f))
    return rows, failures


def summary(row):
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "p99": float(row["99%"]),
    }


def restart_postgres_after(delay):
    def go():
        time.sleep(delay)
        version = sorted(os.listdir("/etc/postgresql"))[0]
        t0 = time.time()
        sh("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", check=True)
        print(f"  PostgreSQL restarted at t={delay:.0f}s (took {time.time() - t0:.1f}s)")

    import threading

    t = threading.Thread(target=go, daemon=True)
    t.start()
    return t


def check_integrity(env, ack_file):
    code = (
        "import json,sys; from people.models import Resident; from audit.models import AuditLog; "
        f"acked=set(json.load(open({ack_file!r}))); "
        "ids=set(Resident.objects.filter(pk__in=acked).values_list('pk',flat=True)); "
        "made=set(Resident.objects.filter(name='压测居民').values_list('pk',flat=True)); "
        "audited=set(int(x) for x in AuditLog.objects.filter(action='create',object_type='people.resident',object_id__in=[str(i) for i in made]).values_list('object_id',flat=True)); "
        "broken=Resident.objects.filter(name='压测居民').filter(id_number_enc='').count(); "
        "print(json.dumps({'acked':len(acked),'lost':sorted(acked-ids),'unaudited':sorted(made-audited),'broken':broken}))"
    )
    out = sh(PY, "manage.py", "shell", "--no-imports", "-c", code, env=env, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--faults", action="store_true")
    args = ap.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    env = server_env()
    print("preparing the database and static files …")
    prepare(env)
    server = start_server(env)
    tmp = tempfile.mkdtemp(prefix="jiayuan-load-")
    try:
        print(f"baseline: /healthz, {args.users} users, 15 s")
        base_rows, _ = locust(["TrivialUser"], args.users, 15, f"{tmp}/base")
        base = summary(base_rows["Aggregated"])
        print(f"mix: {args.users} users, {args.seconds} s" + (" — PostgreSQL restarts in the middle" if args.faults else ""))
        ack_file = f"{tmp}/acked.json"
        if args.faults:
            restart_postgres_after(args.seconds / 3)
        rows, failures = locust(["StaffBrowser", "ApiClient", "Registrar"], args.users, args.seconds, f"{tmp}/mix", ack_file)
        mix = summary(rows["Aggregated"])
        print(f"\n{'endpoint':42} {'reqs':>7} {'fail':>5} {'rps':>7} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
        for name, row in sorted(rows.items()):
            s = summary(row)
            print(f"{name[:42]:42} {s['requests']:7d} {s['failures']:5d} {s['rps']:7.1f} {s['p50']:6.0f} {s['p95']:6.0f} {s['p99']:6.0f}")
        print(f"{'/healthz (baseline, same server)':42} {base['requests']:7d} {base['failures']:5d} {base['rps']:7.1f} {base['p50']:6.0f} {base['p95']:6.0f} {base['p99']:6.0f}")
        print(f"\nmix throughput = {mix['rps']:.1f} req/s = {mix['rps'] / base['rps']:.2f} × the trivial endpoint's {base['rps']:.1f} req/s")
        ok = base["failures"] == 0
        if args.faults:
            result = check_integrity(env, ack_file)
            recovered = urllib.request.urlopen(f"{BASE}/readyz", timeout=5).status == 200  # noqa: S310
            print(f"failed requests during the restart: {mix['failures']} of {mix['requests']} (answered 503, to be retried)")
            print(f"acknowledged writes: {result['acked']}, lost: {len(result['lost'])}, without audit record: {len(result['unaudited'])}, half-written: {result['broken']}")
            print(f"recovered by itself: {recovered}")
            for f in failures:
                print(f"  {f['Method']} {f['Name']}: {f['Error'][:100]} ×{f['Occurrences']}")
            ok = ok and recovered and not result["lost"] and not result["unaudited"] and not result["broken"] and mix["requests"] > 0
        else:
            for f in failures:
                print(f"  FAILURE {f['Method']} {f['Name']}: {f['Error'][:160]} ×{f['Occurrences']}")
            ok = ok and mix["failures"] == 0
        print("\nPASS" if ok else "\nFAIL")
        return 0 if ok else 1
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
