#!/usr/bin/python3
"""bench/bench_cluster.py -- documents per second of python3 -m annals.cluster on 1 and 2
local worker processes, against annals code and annals ingest on one core.

usage: /usr/bin/python3 bench/bench_cluster.py CORPUS.jsonl [--runs N] [--build DIR]
                                               [--shard-docs N] [--no-parse] [--in-process N]
                                               [--postgresql URI | --no-store]

Each run times, one after the other (so that the machine's load falls on all
alike), five commands on the same corpus, every one from scratch (a new store,
a new shard folder):
  code     build/annals code CORPUS > /dev/null   (one process, one thread)
  ingest   build/annals ingest CORPUS --db NEW.db  (the same, storing)
  local:1  python3 -m annals.cluster --scheduler local:1 CORPUS --out NEW --db NEW.db
  local:2  the same with 2 worker processes
For each: wall seconds, CPU seconds of the process and everything it waited for
(getrusage of the children), documents per second. The cluster's own report
splits its wall time into cluster start, coding (all shards, while the client
stores the finished ones) and the storing left after the last shard, and gives
the CPU time the workers spent coding.
At the end, medians over the runs, and:
  ratio     documents/s of local:2 over local:1, coding phase and whole run
  overhead  local:1 against annals code: the workers' coding CPU against the
            CPU of annals code, the coding phase's wall time, the whole run's
            (start-up and storing included; also against annals ingest)
--postgresql URI (a database on a running server, e.g. the one bench/cluster_pg.sh
starts) stores into PostgreSQL instead: every ingest and cluster run into a new
database made on that server (psql CREATE DATABASE), where the workers store
the shards they code (docs/python.md).
--no-store runs the cluster with --no-store (coding into shard files only; no
store): the figures of the coding alone, without the storing that SQLite
leaves to one process (docs/python.md).
--in-process N instead alternates, N times, annals code with the cluster's shard
coder (annals.shards.code_shard, the whole corpus as one shard) run in this
process, and compares the CPU time of annals code with that of the coding
thread: the cost of the Python calls without Dask or other processes beside.
Make the corpus with bench/make_corpus.py (--sentences N for a longer one).
"""
import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SRC = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def timed(cmd, env=None, stdout=subprocess.DEVNULL):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env, check=False, text=True)
    wall = time.monotonic() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    if p.returncode not in (0, 1):
        sys.exit(f"bench_cluster: {' '.join(cmd)} failed ({p.returncode}): {p.stderr[-2000:]}")
    return wall, cpu, p.stdout if stdout == subprocess.PIPE else ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--build", default=os.path.join(SRC, "build"))
    ap.add_argument("--shard-docs", type=int, default=500)
    ap.add_argument("--no-parse", action="store_true")
    ap.add_argument("--in-process", type=int, default=0, metavar="N")
    ap.add_argument("--postgresql", metavar="URI")
    ap.add_argument("--no-store", action="store_true")
    a = ap.parse_args()
    corpus = os.path.abspath(a.corpus)
    with open(corpus, "rb") as f:
        docs = sum(1 for line in f if line.strip())
    annals = os.path.join(a.build, "annals")
    extra = ["--no-parse"] if a.no_parse else []
    env = dict(os.environ, PYTHONPATH=os.path.join(SRC, "python"),
               ANNALS_LIB=os.path.join(a.build, "libannals.so"))
    if a.in_process:
        return in_process(a, corpus, annals, extra)
    results = {k: [] for k in ("code", "ingest", "local:1", "local:2")}
    phases = {k: [] for k in ("local:1", "local:2")}
    print(f"corpus {corpus}: {docs} documents; {a.runs} runs; shards of {a.shard_docs}; "
          f"{'word order only' if a.no_parse else 'with the parser'}; "
          f"{'no store (--no-store)' if a.no_store else 'PostgreSQL store' if a.postgresql else 'SQLite store'}; "
          f"load average "
          f"{os.getloadavg()[0]:.2f}")
    for run in range(1, a.runs + 1):
        tmp = tempfile.mkdtemp(prefix="bench_cluster.")
        try:
            row = {}
            row["code"] = timed([annals, "code", corpus, "--no-summary", "--no-progress", *extra])
            row["ingest"] = timed([annals, "ingest", corpus, "--db", store(a, tmp, f"r{run}_ingest"),
                                   "--no-summary", "--no-progress", *extra])
            for k in ("local:1", "local:2"):
                out = os.path.join(tmp, k.replace(":", ""))
                where = ["--no-store"] if a.no_store else ["--db", store(a, tmp, f"r{run}_local{k[-1]}")]
                wall, cpu, text = timed([sys.executable, "-m", "annals.cluster", "--scheduler", k, corpus,
                                         "--out", out, *where, "--shard-docs", str(a.shard_docs), "--quiet",
                                         *extra], env=env, stdout=subprocess.PIPE)
                m = re.search(r"cluster start ([\d.]+), coding and storing ([\d.]+), storing after ([\d.]+); "
                              r"CPU seconds of the workers' coding ([\d.]+)", text)
                if not m or f"coded {docs} documents" not in text:
                    sys.exit(f"bench_cluster: unexpected report from the cluster run: {text}")
                row[k] = (wall, cpu, "")
                phases[k].append(tuple(float(x) for x in m.groups()))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        for k, (wall, cpu, _) in row.items():
            results[k].append((wall, cpu))
            extra_text = ""
            if k in phases:
                st, c, sto, wc = phases[k][-1]
                extra_text = (f"  (start {st:.2f} s, coding {c:.2f} s = {docs / c:,.0f} docs/s, "
                              f"storing after {sto:.2f} s, workers' coding CPU {wc:.2f} s)")
            print(f"run {run} {k:8s} wall {wall:6.2f} s  cpu {cpu:6.2f} s  {docs / wall:8,.0f} docs/s{extra_text}")
        sys.stdout.flush()

    med = {k: statistics.median(w for w, _ in v) for k, v in results.items()}
    med_cpu = {k: statistics.median(c for _, c in v) for k, v in results.items()}
    coding = {k: statistics.median(p[1] for p in v) for k, v in phases.items()}
    wcpu = {k: statistics.median(p[3] for p in v) for k, v in phases.items()}
    print("medians:")
    for k in results:
        print(f"  {k:8s} wall {med[k]:6.2f} s  cpu {med_cpu[k]:6.2f} s  {docs / med[k]:8,.0f} docs/s")
    for k in coding:
        print(f"  {k:8s} coding phase {coding[k]:6.2f} s  {docs / coding[k]:8,.0f} docs/s, "
              f"workers' coding CPU {wcpu[k]:.2f} s")
    print(f"ratio local:2 / local:1 (documents/s): coding phase {coding['local:1'] / coding['local:2']:.2f}, "
          f"whole run {med['local:1'] / med['local:2']:.2f} (target >= 1.7)")
    print(f"overhead of local:1 against annals code: CPU of the coding {wcpu['local:1'] / med_cpu['code'] - 1:+.1%}, "
          f"wall of the coding phase {coding['local:1'] / med['code'] - 1:+.1%}, "
          f"wall of the whole run {med['local:1'] / med['code'] - 1:+.1%} "
          f"(against annals ingest {med['local:1'] / med['ingest'] - 1:+.1%}) (target <= 15 %)")
    json.dump({"docs": docs, "median_wall": med, "median_cpu": med_cpu, "coding": coding, "worker_cpu": wcpu},
              sys.stderr)
    print(file=sys.stderr)


def store(a, tmp, name):
    """A new, empty store for one timed command: an SQLite file under tmp, or with
    --postgresql a new database bench_NAME on that server (dropped first if there)."""
    if not a.postgresql:
        return os.path.join(tmp, name + ".db")
    import urllib.parse
    db = "bench_" + name
    for sql in (f"DROP DATABASE IF EXISTS {db}", f"CREATE DATABASE {db}"):
        subprocess.run(["psql", a.postgresql, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                       stdout=subprocess.DEVNULL)
    u = urllib.parse.urlsplit(a.postgresql)
    return a.postgresql.replace(u.path, "/" + db, 1) if u.path not in ("", "/") else \
        a.postgresql.replace(u.netloc, u.netloc + "/" + db, 1)


def in_process(a, corpus, annals, extra):
    os.environ["ANNALS_LIB"] = os.path.join(a.build, "libannals.so")
    sys.path.insert(0, os.path.join(SRC, "python"))
    from annals import shards
    shard = shards.plan([corpus], 1 << 40)[0]
    shards._coder(None, not a.no_parse)   # opened before timing, as a worker keeps it
    code, inproc = [], []
    for run in range(1, a.in_process + 1):
        code.append(timed([annals, "code", corpus, "--no-summary", "--no-progress", *extra])[1])
        tmp = tempfile.mkdtemp(prefix="bench_cluster.")
        try:
            inproc.append(shards.code_shard(shard, tmp, None, not a.no_parse)["cpu"])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print(f"run {run}: annals code CPU {code[-1]:.2f} s, shard coder in process CPU {inproc[-1]:.2f} s")
    mc, mi = statistics.median(code), statistics.median(inproc)
    print(f"medians: annals code {mc:.2f} s, shard coder {mi:.2f} s: overhead {mi / mc - 1:+.1%}")


if __name__ == "__main__":
    main()
