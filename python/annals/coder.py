# SPDX-License-Identifier: MIT
"""annals.coder -- the Coder: documents in, CAMEO events (dicts) out, through libannals.

A Coder loads the dictionaries and models once (tens of milliseconds, tens of
MB). code() codes one document and returns its events as dicts with the fields
of `annals code`'s JSONL (docs/output.md); code_many() streams. A document is
handed to the library as one JSONL input record, so it is read by the same
rules as a line of a .jsonl file given to `annals code`.

Threads: the library's coder is read-only once open and ctypes releases the GIL
during a call, so one Coder may be used from several threads at once, and the
calls run in parallel. Processes each open their own Coder.
"""
import ctypes
import datetime
import json
from collections import namedtuple

from . import _lib
from ._lib import DocumentError, check, lib, take_string

Coded = namedtuple("Coded", "doc events error")
Coded.__doc__ = """One document of code_many: doc (its id, or its position when it has
none), events (a list of dicts) and error (None, or the reason it was rejected,
with errors="record")."""

_DOC_KEYS = {"text", "html", "id", "doc_id", "date", "url", "outlet"}


def _date_string(date):
    if date is None:
        return None
    if isinstance(date, (datetime.date, datetime.datetime)):
        return date.isoformat()[:10]
    if isinstance(date, str):
        try:
            datetime.date.fromisoformat(date[:10])
        except ValueError:
            raise ValueError(f"date {date!r} is not YYYY-MM-DD (or an ISO timestamp)") from None
        return date
    raise TypeError(f"date must be a str, datetime.date or None, not {type(date).__name__}")


def _text(value, what, label):
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError as e:
            raise DocumentError(f"{label}: {what} is not valid UTF-8 ({e.reason} at byte {e.start}); "
                                f"decode it first, e.g. data.decode('utf-8', 'replace')", _lib.EFORMAT) from None
    raise TypeError(f"{label}: {what} must be str or bytes, not {type(value).__name__}")


def _record(text=None, html=None, doc_id=None, date=None, url=None, outlet=None, label="document"):
    """The JSONL input line (bytes) of one document."""
    if (text is None) == (html is None):
        raise ValueError(f"{label}: give exactly one of text and html")
    rec = {"html": _text(html, "html", label)} if html is not None else {"text": _text(text, "text", label)}
    if doc_id is not None:
        rec["id"] = doc_id if isinstance(doc_id, (str, int)) else str(doc_id)
    d = _date_string(date)
    if d is not None:
        rec["date"] = d
    for key, val in (("url", url), ("outlet", outlet)):
        if val is not None:
            rec[key] = _text(val, key, label)
    try:
        return json.dumps(rec, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as e:   # a lone surrogate, from surrogateescape or \udcxx
        raise DocumentError(f"{label}: not valid Unicode ({e.reason} at character {e.start}); "
                            f"the text cannot be written as UTF-8", _lib.EFORMAT) from None


def parse_events(data):
    """Event dicts from JSONL bytes as the library writes them."""
    return [json.loads(line) for line in data.split(b"\n") if line]


class Coder:
    """An annals coder: Coder(data_dir=None, parse=True).

    data_dir: the data folder (dictionaries, models); None takes annals code's default
    ($ANNALS_DATA, the source tree's data/, the installed copy). parse=False codes
    from word order only (annals code --no-parse: 4-6 times the throughput).
    """

    def __init__(self, data_dir=None, parse=True):
        handle, err = ctypes.c_void_p(), ctypes.c_void_p()
        rc = lib.annals_embed_open(ctypes.byref(handle), _lib.path_bytes(data_dir),
                                   0 if parse else _lib.NO_PARSE, ctypes.byref(err))
        check(rc, err)
        self._h = handle
        self.data_dir = data_dir
        self.parse = parse

    def close(self):
        """Releases the dictionaries and models; the Coder cannot code afterwards."""
        if getattr(self, "_h", None) and self._h.value and lib is not None:   # lib: None late at exit
            lib.annals_embed_close(self._h)
            self._h = ctypes.c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()

    def _handle(self):
        if not self._h.value:
            raise ValueError("this Coder is closed")
        return self._h

    def code_jsonl(self, line, path="<python>", line_no=1, record=False):
        """Codes one JSONL input line (bytes); returns the library's output as bytes:
        event lines, or with record=True one store record line (annals/embed.h).
        path and line_no name the document in messages (and name it when it has no id)."""
        out, n, err = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_void_p()
        rc = lib.annals_embed_code_jsonl(self._handle(), line, len(line), _lib.path_bytes(path), line_no,
                                         _lib.RECORD if record else 0, ctypes.byref(out), ctypes.byref(n),
                                         ctypes.byref(err))
        check(rc, err)
        return take_string(out.value, n.value)

    def code_file(self, path, record=False):
        """Codes a whole text or HTML file as `annals code FILE` does; returns bytes as code_jsonl."""
        out, n, err = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_void_p()
        rc = lib.annals_embed_code_file(self._handle(), _lib.path_bytes(path), _lib.RECORD if record else 0,
                                        ctypes.byref(out), ctypes.byref(n), ctypes.byref(err))
        check(rc, err)
        return take_string(out.value, n.value)

    def code(self, text=None, date=None, doc_id=None, url=None, outlet=None, html=None):
        """The events of one document, as a list of dicts (fields of annals code's JSONL).

        text: the article (str, or UTF-8 bytes); or html= a web page instead. date: the
        publication date (YYYY-MM-DD, an ISO timestamp or a datetime.date), used to
        resolve "on Monday"; doc_id names it in the events' "doc" field (default
        "<python>:1"). Raises DocumentError for a document that cannot be coded, with
        the library's reason.
        """
        label = f"document {doc_id!r}" if doc_id is not None else "document"
        line = _record(text=text, html=html, doc_id=doc_id, date=date, url=url, outlet=outlet, label=label)
        return parse_events(self.code_jsonl(line))

    def code_many(self, docs, errors="raise"):
        """Codes an iterable of documents lazily, yielding a Coded(doc, events, error) each.

        A document is a str (its text), UTF-8 bytes, or a dict with the keys of a JSONL
        input record: text or html, and optional id (or doc_id), date, url, outlet.
        errors="raise" raises DocumentError at the first document that cannot be coded
        (after yielding those before it); errors="record" yields it with its reason in
        .error and no events, and goes on.
        """
        if errors not in ("raise", "record"):
            raise ValueError('errors must be "raise" or "record"')
        for i, d in enumerate(docs, 1):
            ident = i
            try:
                if isinstance(d, dict):
                    unknown = set(d) - _DOC_KEYS
                    if unknown:
                        raise DocumentError(f"document {i}: unknown keys {sorted(unknown)}", _lib.EFORMAT)
                    ident = d.get("id", d.get("doc_id"))
                    ident = i if ident is None else ident
                    line = _record(text=d.get("text"), html=d.get("html"), doc_id=d.get("id", d.get("doc_id")),
                                   date=d.get("date"), url=d.get("url"), outlet=d.get("outlet"),
                                   label=f"document {ident!r}")
                else:
                    line = _record(text=d, label=f"document {i}")
                events = parse_events(self.code_jsonl(line, "<python>", i))
            except (DocumentError, ValueError, TypeError) as e:
                if errors == "raise":
                    raise
                yield Coded(ident, [], str(e))
                continue
            yield Coded(ident, events, None)
