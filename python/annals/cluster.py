# SPDX-License-Identifier: MIT
"""python3 -m annals.cluster -- codes a corpus on a Dask cluster into the store.

    python3 -m annals.cluster --scheduler ADDRESS|local[:N] INPUT... --out DIR
                              [--db FILE|postgresql://... | --no-store] [--shard-docs N]
                              [--data DIR] [--no-parse] [--quiet]

INPUTs are .jsonl files (one document a line, as annals code reads them), .txt
or .html files, or folders of them. They are cut into shards (annals.shards);
every shard without a file under DIR is coded by a Dask worker into
DIR/NAME.records.jsonl (written under a temporary name, then renamed). Every
shard file is stored as annals ingest would store its documents (a document
already there adds nothing): into an SQLite file (--db, default
DIR/annals.db) by this process, in input order, as soon as it and those before
it are done; into a PostgreSQL store (--db postgresql://...) by the worker that
coded it, right after coding (one shard's transaction at a time: the store's
writer lock). A rerun after a failure
codes only the shards whose file is missing (and, on PostgreSQL, stores the
other shard files again, which adds only what a failed worker did not store).
--no-store only codes: the shard files are the result, to be stored later by
the same command with --db (which finds every shard coded and stores them).

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
    ap.add_argument("--db", metavar="FILE|URI",
                    help="the store: an SQLite file (default DIR/annals.db) or a postgresql:// URI")
    ap.add_argument("--no-store", action="store_true",
                    help="only code the shards into DIR; store them later by running again with --db")
    ap.add_argument("--shard-docs", type=int, default=2000, metavar="N",
                    help="documents (JSONL lines or files) per shard (default 2000)")
    ap.add_argument("--data", metavar="DIR", help="annals data folder, as annals code --data (seen by the workers)")
    ap.add_argument("--no-parse", action="store_true", help="word order only, as annals code --no-parse")
    ap.add_argument("--quiet", action="store_true", help="no progress lines")
    a = ap.parse_args(argv)
    if a.shard_docs < 1:
        ap.error("--shard-docs must be at least 1")
    if a.no_store and a.db:
        ap.error("--no-store and --db: choose one")
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


class _Sink:
    """Where coded shards go: an SQLite Loader in this process, or, for a server store,
    the workers themselves (each result then carries the shard's store counts), or
    nowhere (db None: --no-store; the shard files are the result)."""

    def __init__(self, plan, out, db):
        self.server = db is not None and _shards.is_server_store(db)
        self.loader = None if self.server or db is None else _shards.Loader(plan, out, db)
        self.added = self.already = 0
        self.rejects, self.missing = [], []

    def coded(self, r):
        if self.loader is None and not self.server:
            self.rejects += r["rejects"]
        elif self.server:
            self.added += r["added"]
            self.already += r["already"]
            self.rejects += r["store_rejects"]
        else:
            self.loader.ready(r["name"])   # stores it (and the ready ones after it) while others code

    def finish(self, plan, out):
        if self.loader is None:
            self.missing = [s.name for s in plan if not os.path.exists(_shards.shard_path(out, s.name))]
            return
        self.loader.finish()
        lo = self.loader
        self.added, self.already, self.rejects, self.missing = lo.added, lo.already, lo.rejects, lo.missing

    def close(self):
        if self.loader is not None:
            self.loader.store.close()


def run(argv=None):
    a = _args(argv)
    say = (lambda *m: None) if a.quiet else (lambda *m: print("annals.cluster:", *m, file=sys.stderr))
    try:
        os.makedirs(a.out, exist_ok=True)
        plan = _shards.plan(a.inputs, a.shard_docs)
    except (OSError, ValueError) as e:
        print(f"annals.cluster: {e}", file=sys.stderr)
        return 2
    db = None if a.no_store else a.db or os.path.join(a.out, "annals.db")
    todo = [s for s in plan if not os.path.exists(_shards.shard_path(a.out, s.name))]
    for s in todo:   # what a killed worker left of these shards
        _shards.remove_partial(a.out, s.name)
    say(f"{len(plan)} shards, {len(plan) - len(todo)} already coded, {len(todo)} to code")
    failed = []
    coded_docs, worker_cpu = 0, 0.0
    t_start = t_code = t_tail = 0.0
    try:
        sink = _Sink(plan, a.out, db)
    except AnnalsError as e:
        print(f"annals.cluster: {e}", file=sys.stderr)
        return 2
    try:
        todo_names = {s.name for s in todo}
        done = [s for s in plan if s.name not in todo_names]
        if sink.loader is not None:
            for s in done:
                sink.loader.ready(s.name)
        # on a server store the shards coded before are stored again by the workers:
        # what a worker lost before its commit is added, the rest adds nothing
        if todo or (sink.server and done):
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
                store = db if sink.server else None
                futures = [client.submit(_shards.code_shard, s.as_dict(), out, data, not a.no_parse, store,
                                         key=f"annals-shard-{s.name}", pure=False, retries=1)
                           for s in todo]
                if sink.server:
                    futures += [client.submit(_shards.store_shard, s.name, out, db, key=f"annals-shard-{s.name}",
                                              pure=False, retries=1) for s in done]
                for fut in as_completed(futures):
                    try:
                        r = fut.result()
                    except Exception as e:   # a worker lost too often, or the task raised: name it, go on
                        failed.append(f"{fut.key[len('annals-shard-'):]}: {type(e).__name__}: {e}")
                        continue
                    stored = (f"; stored by its worker: {r['added']} added, {r['already']} already there"
                              if "added" in r else "")
                    if "docs" in r:
                        coded_docs += r["docs"]
                        worker_cpu += r["cpu"]
                        say(f"shard {r['name']}: {r['docs']} documents, {len(r['rejects'])} rejected, "
                            f"{r['seconds']:.2f} s ({r['cpu']:.2f} s of CPU){stored}")
                    else:
                        say(f"shard {r['name']}: coded before{stored}")
                    sink.coded(r)
                t_code = time.monotonic() - t0
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
        t0 = time.monotonic()
        sink.finish(plan, a.out)
        t_tail = time.monotonic() - t0
        for s in todo:   # what workers lost during this run left of shards coded since
            if os.path.exists(_shards.shard_path(a.out, s.name)):
                _shards.remove_partial(a.out, s.name)
    except AnnalsError as e:
        print(f"annals.cluster: {e}", file=sys.stderr)
        return 2
    finally:
        sink.close()
    if sink.server:   # a shard whose store task failed is coded but not (wholly) stored
        sink.missing += [f.split(":", 1)[0] for f in failed if f.split(":", 1)[0] not in sink.missing]
    stored = (f"not stored (--no-store): the shard files are in {a.out}" if db is None else
              f"store {_shown(db)}: {sink.added} documents added, {sink.already} already stored")
    print(f"coded {coded_docs} documents in {len(todo) - len(failed)} shards; {stored}; seconds: cluster start "
          f"{t_start:.2f}, coding and storing {t_code:.2f}, storing after {t_tail:.2f}; CPU seconds of "
          f"the workers' coding {worker_cpu:.2f}")
    for r in sink.rejects:
        print(f"rejected: {r}")
    for f in failed:
        print(f"failed shard: {f}")
    if sink.missing:
        print(f"{len(sink.missing)} shards not coded or not stored: run the same command again to finish them")
    return 1 if sink.rejects or failed or sink.missing else 0


def _shown(db):
    """The store as printed: a URI without its password (in the user part or a parameter)."""
    if not _shards.is_server_store(db):
        return db
    import re
    import urllib.parse
    password = urllib.parse.urlsplit(db).password
    if password is not None:
        db = db.replace(":" + password + "@", ":***@", 1)
    return re.sub(r"([?&])password=[^&]*", r"\1password=***", db)


if __name__ == "__main__":
    sys.exit(run())
