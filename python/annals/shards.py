# SPDX-License-Identifier: MIT
"""annals.shards -- a corpus cut into shards, each coded into one file, then stored.

plan() lists the documents of the inputs as shards: a JSONL file is cut every
`docs_per_shard` lines (a shard is a byte range of it and names its first line),
whole .txt/.html files are grouped `docs_per_shard` at a time. A shard's name is
made of its first input's name, its first line and a hash of what it covers
(paths, byte ranges), so the same inputs give the same names run after run.

code_shard() runs on a worker: it codes every document of the shard (one Coder
per process, loaded on first use) and writes one line per document: a store
record (annals/embed.h), or {"rejected": {"path", "line", "reason"}} for a line
or file that cannot be coded. The file is written under a temporary name and
renamed when complete, so a worker killed halfway leaves no shard file, and a
shard whose file exists is never coded again.

A Loader puts the records of the shard files into the SQLite store as annals
ingest does (a document already there, by its SHA-256, adds nothing), one
transaction per shard, in the order of the plan, each shard as soon as it and
those before it are coded (load() does all at once). A PostgreSQL store takes
several writers at once: there store_shard() runs on the worker that coded the
shard (code_shard(..., store=URI)), one transaction per shard.
"""
import ctypes
import glob
import hashlib
import json
import os
import tempfile
import time

from . import _lib

JSONL_EXT = (".jsonl", ".ndjson", ".json")
WHOLE_EXT = (".txt", ".text", ".html", ".htm")
SHARD_EXT = ".records.jsonl"
MAX_LINE = 16 << 20   # ANNALS_MAX_DOC_BYTES: a longer JSONL line is rejected, as by annals code
TOO_LONG = object()   # _documents: a line over MAX_LINE


class Shard:
    """One unit of work: kind "jsonl" (path, byte range, first line) or "files" (paths)."""

    __slots__ = ("name", "kind", "paths", "start", "end", "first_line")

    def __init__(self, name, kind, paths, start=0, end=0, first_line=0):
        self.name, self.kind, self.paths = name, kind, paths
        self.start, self.end, self.first_line = start, end, first_line

    def __repr__(self):
        return f"Shard({self.name!r})"

    def as_dict(self):
        return {k: getattr(self, k) for k in self.__slots__}


def _walk(path):
    """Files under path in name order, dot-files skipped (as annals code walks folders)."""
    if os.path.isdir(path):
        for name in sorted(os.listdir(path)):
            if not name.startswith("."):
                yield from _walk(os.path.join(path, name))
    else:
        yield path


def _is_jsonl(path):
    low = path.lower()
    if low.endswith(JSONL_EXT):
        return True
    if low.endswith(WHOLE_EXT):
        return False
    with open(path, "rb") as f:
        head = f.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{")


def _safe(name):
    keep = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    return keep[:40] or "input"


def _shard_name(first_path, first_line, covers):
    h = hashlib.sha256("\0".join(covers).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return f"{_safe(os.path.basename(first_path))}-L{first_line:09d}-{h}"


def _line_ends(path):
    """The byte offset after each line of path (a last line without a newline too), read
    in blocks: no line is held in memory, however long."""
    with open(path, "rb") as f:
        pos, tail = 0, False
        while True:
            block = f.read(1 << 20)
            if not block:
                break
            i = block.find(b"\n")
            start = 0
            while i >= 0:
                yield pos + i + 1
                start = i + 1
                i = block.find(b"\n", start)
            tail = start < len(block)
            pos += len(block)
        if tail:
            yield pos


def _jsonl_shard(path, start, end, first):
    return Shard(_shard_name(path, first, [path, str(start), str(end)]), "jsonl", [path], start, end, first)


def plan(inputs, docs_per_shard):
    """The shards of the inputs (files or folders), in input order. Missing inputs
    raise FileNotFoundError before anything is coded."""
    if docs_per_shard < 1:
        raise ValueError("docs_per_shard must be at least 1")
    shards, files = [], []

    def flush_files():
        if files:
            covers = list(files)
            shards.append(Shard(_shard_name(files[0], 0, covers), "files", list(files)))
            files.clear()

    for inp in inputs:
        if not os.path.exists(inp):
            raise FileNotFoundError(f"{inp}: no such file or folder")
        for path in _walk(os.path.abspath(inp)):   # absolute: workers may run elsewhere
            if not _is_jsonl(path):
                files.append(path)
                if len(files) == docs_per_shard:
                    flush_files()
                continue
            flush_files()
            start, n, first, line_no = 0, 0, 1, 0
            for end in _line_ends(path):
                line_no += 1
                n += 1
                if n == docs_per_shard:
                    shards.append(_jsonl_shard(path, start, end, first))
                    start, n, first = end, 0, line_no + 1
            if n:
                shards.append(_jsonl_shard(path, start, end, first))
    flush_files()
    return shards


def shard_path(out_dir, name):
    return os.path.join(out_dir, name + SHARD_EXT)


def remove_partial(out_dir, name):
    """Removes the temporary files a killed worker left for shard name."""
    for tmp in glob.glob(os.path.join(glob.escape(out_dir), "." + glob.escape(name) + ".*.tmp")):
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass


_coders = {}


def _coder(data_dir, parse):
    """The Coder of this process (workers keep it between shards)."""
    from .coder import Coder
    key = (data_dir, parse)
    if key not in _coders:
        _coders[key] = Coder(data_dir=data_dir, parse=parse)
    return _coders[key]


def _reject_line(path, line, reason):
    return (json.dumps({"rejected": {"path": path, "line": line, "reason": reason}}, ensure_ascii=False)
            + "\n").encode("utf-8")


def is_server_store(db):
    """True for a store that takes several writers at once (a postgresql:// URI)."""
    return db.startswith(("postgresql://", "postgres://"))


def code_shard(shard, out_dir, data_dir=None, parse=True, store=None):
    """Codes one shard (a Shard or its as_dict()) into its file under out_dir; with store
    (a PostgreSQL URI) then stores the file's records there (store_shard).
    Returns {"name", "docs", "rejects", "seconds", "cpu" (CPU seconds of the thread that coded),
    "skipped"}, and with store also "added", "already" and the store's "store_rejects"."""
    if isinstance(shard, dict):
        shard = Shard(**shard)
    r = _code_shard(shard, out_dir, data_dir, parse)
    if store is not None:
        r.update(store_shard(shard.name, out_dir, store))
    return r


_stores = {}


def store_shard(name, out_dir, db):
    """Stores the records of shard file name into store db, one transaction, with the
    Store of this process (kept between shards). Returns {"name", "added", "already",
    "store_rejects" ("path:line: reason" of the damaged records)}. A document already
    stored adds nothing, so a shard stored twice (a rerun, a retried task) counts once."""
    if db not in _stores:
        _stores[db] = Store(db)
    added, already, rejects = _store_file(_stores[db], shard_path(out_dir, name))
    return {"name": name, "added": added, "already": already, "store_rejects": rejects}


def _store_file(store, path):
    """Puts the records of one shard file into store and commits; returns (added, already,
    rejects), rejects naming the inputs the shard's coder rejected and damaged records."""
    added = already = 0
    rejects = []
    with open(path, "rb") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip(b"\n")
            if line.startswith(b'{"rejected"'):
                r = json.loads(line)["rejected"]
                rejects.append(f"{r['path']}:{r['line']}: {r['reason']}" if r["line"]
                               else f"{r['path']}: {r['reason']}")
                continue
            try:
                if store.put(line, path, n):
                    added += 1
                else:
                    already += 1
            except _lib.DocumentError as e:   # a damaged shard file: named, the rest goes on
                rejects.append(str(e))
    store.commit()
    return added, already, rejects


def _code_shard(shard, out_dir, data_dir, parse):
    final = shard_path(out_dir, shard.name)
    if os.path.exists(final):
        return {"name": shard.name, "docs": 0, "rejects": [], "seconds": 0.0, "cpu": 0.0, "skipped": True}
    t0, c0 = time.monotonic(), time.thread_time()
    coder = _coder(data_dir, parse)
    docs, rejects = 0, []
    fd, tmp = tempfile.mkstemp(prefix="." + shard.name + ".", suffix=".tmp", dir=out_dir)
    try:
        with os.fdopen(fd, "wb") as out:
            for path, line_no, line in _documents(shard):
                if line is TOO_LONG:
                    reason = f"line longer than {MAX_LINE >> 20} MiB"
                    rejects.append(f"{path}:{line_no}: {reason}")
                    out.write(_reject_line(path, line_no, reason))
                    continue
                try:
                    if line is None:
                        rec = coder.code_file(path, record=True)
                    else:
                        rec = coder.code_jsonl(line, path, line_no, record=True)
                except _lib.AnnalsError as e:   # this document only (also a file gone since the plan)
                    msg = str(e)
                    rejects.append(msg)
                    prefix = f"{path}:{line_no}: " if line_no else f"{path}: "
                    out.write(_reject_line(path, line_no, msg[len(prefix):] if msg.startswith(prefix) else msg))
                    continue
                if rec:
                    out.write(rec)
                    docs += 1
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, final)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return {"name": shard.name, "docs": docs, "rejects": rejects, "seconds": time.monotonic() - t0,
            "cpu": time.thread_time() - c0, "skipped": False}


def _documents(shard):
    """(path, line number, line bytes or TOO_LONG) of a JSONL shard; (path, 0, None) per whole file."""
    if shard.kind == "files":
        for p in shard.paths:
            yield p, 0, None
        return
    path = shard.paths[0]
    with open(path, "rb") as f:
        f.seek(shard.start)
        left = shard.end - shard.start
        line_no = shard.first_line
        while left > 0:
            line = f.readline(min(left, MAX_LINE + 1))
            if not line:
                break
            left -= len(line)
            if len(line) > MAX_LINE:   # skipped to its end, never held whole
                while left > 0 and not line.endswith(b"\n"):
                    line = f.readline(min(left, 1 << 20))
                    if not line:
                        break
                    left -= len(line)
                yield path, line_no, TOO_LONG
            else:
                yield path, line_no, line.rstrip(b"\r\n")
            line_no += 1


class Store:
    """The store (annals ingest --db: an SQLite file or a PostgreSQL URI) through libannals."""

    def __init__(self, db_path):
        h, err = ctypes.c_void_p(), ctypes.c_void_p()
        _lib.check(_lib.lib.annals_embed_store_open(ctypes.byref(h), _lib.path_bytes(db_path), ctypes.byref(err)),
                   err)
        self._h = h

    def put(self, record, path, line_no):
        """1 added, 0 already stored; raises AnnalsError (DocumentError for a bad record)."""
        err = ctypes.c_void_p()
        rc = _lib.lib.annals_embed_store_put(self._h, record, len(record), _lib.path_bytes(path), line_no,
                                             ctypes.byref(err))
        _lib.check(rc, err)
        return rc

    def commit(self):
        err = ctypes.c_void_p()
        _lib.check(_lib.lib.annals_embed_store_commit(self._h, ctypes.byref(err)), err)

    def close(self):
        if self._h.value:
            _lib.lib.annals_embed_store_close(self._h)
            self._h = ctypes.c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Loader:
    """Stores shard files in the order of the plan, each as soon as it and every
    shard before it are done, so that storing overlaps the coding of later shards
    and the store's order is the inputs' order, as with annals ingest."""

    def __init__(self, shards, out_dir, db_path):
        self.shards, self.out_dir = shards, out_dir
        self.store = Store(db_path)
        self.next = 0                       # the first shard of the plan not stored yet
        self.done = set()                   # names of the shards whose file is complete
        self.added = self.already = 0
        self.rejects, self.missing = [], []

    def ready(self, name):
        """Shard name has its file: stores it and the following ready ones."""
        self.done.add(name)
        while self.next < len(self.shards) and self.shards[self.next].name in self.done:
            self._store(self.shards[self.next])
            self.next += 1

    def finish(self):
        """Stores what is left, in order; shards without a file go to .missing."""
        for sh in self.shards[self.next:]:
            if os.path.exists(shard_path(self.out_dir, sh.name)):
                self._store(sh)
            else:
                self.missing.append(sh.name)
        self.next = len(self.shards)
        self.store.close()

    def _store(self, sh):
        added, already, rejects = _store_file(self.store, shard_path(self.out_dir, sh.name))
        self.added += added
        self.already += already
        self.rejects += rejects


def load(shards, out_dir, db_path):
    """Stores the records of every shard file that exists, in order; returns (added, already,
    rejects, missing): rejects the "path:line: reason" of each rejected input, missing the
    names of shards without a file."""
    loader = Loader(shards, out_dir, db_path)
    loader.finish()
    return loader.added, loader.already, loader.rejects, loader.missing
