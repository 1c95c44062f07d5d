# SPDX-License-Identifier: MIT
"""python3 -m annals.cluster -- codes a corpus on a Dask cluster into the annals store.

    python3 -m annals.cluster --scheduler ADDRESS|local[:N] INPUT... --out DIR
                              [--db FILE] [--shard-docs N] [--data DIR] [--no-parse] [--quiet]

INPUTs are .jsonl files (one document a line, as annals code reads them), .txt
or .html files, or folders of them. They are cut into shards (annals.shards);
every shard without a file under DIR is coded by a Dask worker into
DIR/NAME.records.jsonl (written under a temporary name, then renamed); every
shard file is loaded into the store (--db: an SQLite file, default DIR/annals.db, or
a postgresql:// URI), in input order, as soon as it and those before it are done, as
annals ingest would store the documents: a document already there adds nothing. A rerun
after a failure codes only the shards whose file is missing.

--scheduler local[:N] starts a LocalCluster of N worker processes (default: the
number of CPUs) with one thread each; an address (tcp://host:8786) joins a
running cluster, whose workers must see INPUT and DIR at the same paths (a
shared file system) and have this package and libannals (docs/python.md).

Exit status: 0 everything coded and stored, 1 some input rejected or some shard
failed (named; rerun to finish), 2 usage or setup error.
"""
import argparse
import os
import sys
import time

from . import shards as _shards
from ._lib import AnnalsError


def _args(argv):
    ap = argparse.ArgumentParser(prog="python3 -m annals.cluster",
                                 description="Code a corpus on a Dask cluster into the annals store.")
    ap.add_argument("inputs", nargs="+", metavar="INPUT", help=".jsonl, .txt, .html files or folders")
    ap.add_argument("--scheduler", required=True, metavar="ADDRESS|local[:N]",
                    help="a scheduler address (tcp://host:8786), or local[:N] for N local worker processes")
    ap.add_argument("--out", required=True, metavar="DIR", help="folder of the shard files")
    ap.add_argument("--db", metavar="FILE", help="the store: an SQLite file (default DIR/annals.db) or a postgresql:// URI")
    ap.add_argument("--shard-docs", type=int, default=2000, metavar="N",
                    help="documents (JSONL lines or files) per shard (default 2000)")
    ap.add_argument("--data", metavar="DIR", help="annals data folder, as annals code --data (seen by the workers)")
    ap.add_argument("--no-parse", action="store_true", help="word order only, as annals code --no-parse")
    ap.add_argument("--quiet", action="store_true", help="no progress lines")
    a = ap.parse_args(argv)
    if a.shard_docs < 1:
        ap.error("--shard-docs must be at least 1")
    return a


def _client(spec):
    from dask.distributed import Client, LocalCluster
    if spec == "local" or spec.startswith("local:"):
        n = spec[6:] if spec.startswith("local:") else ""
        if n and (not n.isdigit() or int(n) < 1):
            raise ValueError(f"--scheduler {spec}: local:N needs a number of workers >= 1")
        cluster = LocalCluster(n_workers=int(n) if n else os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        return Client(cluster), cluster
    return Client(spec), None


def run(argv=None):
    a = _args(argv)
    say = (lambda *m: None) if a.quiet else (lambda *m: print("annals.cluster:", *m, file=sys.stderr))
    try:
        os.makedirs(a.out, exist_ok=True)
        plan = _shards.plan(a.inputs, a.shard_docs)
    except (OSError, ValueError) as e:
        print(f"annals.cluster: {e}", file=sys.stderr)
        return 2
    db = a.db or os.path.join(a.out, "annals.db")
    todo = [s for s in plan if not os.path.exists(_shards.shard_path(a.out, s.name))]
    for s in todo:   # what a killed worker left of these shards
        _shards.remove_partial(a.out, s.name)
    say(f"{len(plan)} shards, {len(plan) - len(todo)} already coded, {len(todo)} to code")
    failed = []
    coded_docs, worker_cpu = 0, 0.0
    t_start = t_code = t_tail = 0.0
    try:
        loader = _shards.Loader(plan, a.out, db)
    except AnnalsError as e:
        print(f"annals.cluster: {e}", file=sys.stderr)
        return 2
    try:
        todo_names = {s.name for s in todo}
        for s in plan:
            if s.name not in todo_names:
                loader.ready(s.name)
        if todo:
            from dask.distributed import as_completed
            t0 = time.monotonic()
            try:
                client, cluster = _client(a.scheduler)
            except (OSError, ValueError, TimeoutError) as e:
                print(f"annals.cluster: cannot reach the scheduler {a.scheduler}: {e}", file=sys.stderr)
                return 2
            t_start = time.monotonic() - t0
            t0 = time.monotonic()
            try:
                out = os.path.abspath(a.out)
                data = os.path.abspath(a.data) if a.data else None
                futures = [client.submit(_shards.code_shard, s.as_dict(), out, data, not a.no_parse,
                                         key=f"annals-shard-{s.name}", pure=False, retries=1)
                           for s in todo]
                for fut in as_completed(futures):
                    try:
                        r = fut.result()
                    except Exception as e:   # a worker lost too often, or the task raised: name it, go on
                        failed.append(f"{fut.key[len('annals-shard-'):]}: {type(e).__name__}: {e}")
                        continue
                    coded_docs += r["docs"]
                    worker_cpu += r["cpu"]
                    say(f"shard {r['name']}: {r['docs']} documents, {len(r['rejects'])} rejected, "
                        f"{r['seconds']:.2f} s")
                    loader.ready(r["name"])   # stores it (and the ready ones after it) while others code
                t_code = time.monotonic() - t0
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
        t0 = time.monotonic()
        loader.finish()
        t_tail = time.monotonic() - t0
        for s in todo:   # what workers lost during this run left of shards coded since
            if os.path.exists(_shards.shard_path(a.out, s.name)):
                _shards.remove_partial(a.out, s.name)
    except AnnalsError as e:
        print(f"annals.cluster: {e}", file=sys.stderr)
        return 2
    finally:
        loader.store.close()
    added, already, rejects, missing = loader.added, loader.already, loader.rejects, loader.missing
    print(f"coded {coded_docs} documents in {len(todo) - len(failed)} shards; store {db}: {added} documents "
          f"added, {already} already stored; seconds: cluster start {t_start:.2f}, coding and storing "
          f"{t_code:.2f}, storing after {t_tail:.2f}; CPU seconds of the workers' coding {worker_cpu:.2f}")
    for r in rejects:
        print(f"rejected: {r}")
    for f in failed:
        print(f"failed shard: {f}")
    if missing:
        print(f"{len(missing)} shards not coded: run the same command again to code them")
    return 1 if rejects or failed or missing else 0


if __name__ == "__main__":
    sys.exit(run())
