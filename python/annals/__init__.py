# SPDX-License-Identifier: MIT
"""annals -- political event coding (CAMEO) from Python, through the C library libannals.

    import annals
    coder = annals.Coder()                       # data_dir=None, parse=True
    events = coder.code("Russian troops attacked the village near Kyiv on Monday.",
                        date="2022-03-01", doc_id="a1")
    for c in coder.code_many(docs): ...           # streams Coded(doc, events, error)
    df = annals.to_dataframe(events)              # pandas

python3 -m annals.cluster codes files on a Dask cluster into the SQLite store
(docs/python.md).
"""
from ._lib import AnnalsError, DocumentError
from .coder import Coded, Coder
from .frame import COLUMNS, to_dataframe

__all__ = ["AnnalsError", "Coded", "Coder", "COLUMNS", "DocumentError", "to_dataframe"]
