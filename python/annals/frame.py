# SPDX-License-Identifier: MIT
"""annals.frame -- events as a pandas DataFrame (pandas is imported only when used)."""

# The columns of annals code --format tsv|csv: the JSONL fields, the span as two columns.
COLUMNS = ["doc", "doc_hash", "sentence", "src", "tgt", "src_text", "tgt_text", "verb_text", "code",
           "root", "quad_class", "goldstein", "confidence", "date", "place", "evidence",
           "span_start", "span_end", "url"]


def _rows(events):
    for e in events:
        if hasattr(e, "events") and hasattr(e, "error"):   # a Coded from code_many
            yield from _rows(e.events)
            continue
        row = dict(e)
        span = row.pop("span", None)
        row["span_start"], row["span_end"] = (span[0], span[1]) if span else (None, None)
        yield row


def to_dataframe(events):
    """A DataFrame with one row per event, columns COLUMNS (those of annals code's TSV).

    events: event dicts (from Coder.code), or Coded results of code_many, or a mix.
    Numbers are numeric columns (nullable integers for the span), the rest strings
    or None."""
    import pandas as pd
    df = pd.DataFrame.from_records(list(_rows(events)), columns=COLUMNS)
    for col in ("sentence", "quad_class", "span_start", "span_end"):
        df[col] = df[col].astype("Int64")
    for col in ("goldstein", "confidence"):
        df[col] = df[col].astype("float64")
    return df
