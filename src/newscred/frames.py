"""Reports as pandas DataFrames: `to_frame`, `Pipeline.check_frame` and Dask's `meta`.

Needs the `scale` extra (`pip install 'newscred[scale]'`). The columns are those of
`newscred.rows`, typed with pandas' nullable dtypes; input columns newscred does not use
are carried through with their own dtypes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from newscred.errors import NewscredError
from newscred.ingest.record import FIELDS, TEXT_ALIAS
from newscred.ingest.tables import record_or_error
from newscred.rows import Layout, Result, layout_of, pandas_dtype


def pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise NewscredError("NC207", "tables need pandas and pyarrow, which are not installed",
                            hint="pip install 'newscred[scale]'") from None
    return pd


def to_frame(results: Iterable[Result], *, with_report: bool = False) -> Any:
    """A DataFrame with one row per report or batch error, in the given order."""
    results = list(results)
    layout = layout_of(results, with_report=with_report)
    return frame_of([layout.row(r) for r in results], layout)


def frame_of(row_dicts: list[dict[str, Any]], layout: Layout, index: Any = None) -> Any:
    """The fixed columns typed; carried input columns (any other keys) as given."""
    pd = pandas()
    fixed = set(layout.names)
    carried = list(dict.fromkeys(c for row in row_dicts for c in row if c not in fixed))
    frame = pd.DataFrame.from_records(row_dicts, columns=list(layout.names) + carried)
    for name, kind in layout.columns:
        frame[name] = frame[name].astype(pandas_dtype(kind))
    if index is not None:
        frame.index = index
    return frame


def used_columns(columns: Iterable[Any], fields: Mapping[str, str] | None = None) -> set[Any]:
    """The input columns newscred reads as fields (the rest are carried through)."""
    mapped = {str(c).strip().lower() for c in (fields or {}).values()}
    known = set(FIELDS) | {TEXT_ALIAS}
    return {c for c in columns if str(c).strip().lower() in known | mapped}


def check_frame(pipeline: Any, frame: Any, *, with_report: bool = False,
                fields: Mapping[str, str] | None = None) -> Any:
    """Check every row of `frame` (columns named like the input fields, or mapped by
    `fields`, field -> column). Returns the output columns then the carried input
    columns, on the input's index; a bad row becomes an error row whose message names
    its index label (`record` is its 1-based position in `frame`)."""
    pd = pandas()
    layout = Layout.for_pipeline(pipeline, with_report=with_report)
    used = used_columns(frame.columns, fields)
    rename = {str(column).strip().lower(): field.strip().lower()
              for field, column in (fields or {}).items()}
    items = []
    records = frame[list(used)].to_dict("records")
    for number, (label, record) in enumerate(zip(frame.index, records, strict=True), start=1):
        data = {rename.get(str(k).strip().lower(), k): _plain(v, pd) for k, v in record.items()}
        items.append(record_or_error(number, data, None, where=f"index {label!r}"))
    out_rows = [layout.row(result, {}, record=number)
                for number, result in enumerate(pipeline.run(items), start=1)]
    out = frame_of(out_rows, layout, index=frame.index)
    carried = frame[[c for c in frame.columns if c not in used]]
    carried = carried.rename(columns={c: layout.input_name(str(c)) for c in carried.columns})
    return pd.concat([out, carried], axis=1)


def meta(frame: Any, layout: Layout, fields: Mapping[str, str] | None = None) -> Any:
    """An empty frame with `check_frame`'s columns and dtypes for an input like `frame`."""
    pd = pandas()
    out = pd.DataFrame({name: pd.Series(dtype=pandas_dtype(kind)) for name, kind in layout.columns})
    used = used_columns(frame.columns, fields)
    carried = frame[[c for c in frame.columns if c not in used]].iloc[:0]
    carried = carried.rename(columns={c: layout.input_name(str(c)) for c in carried.columns})
    out.index = carried.index
    return pd.concat([out, carried], axis=1)


def _plain(value: Any, pd: Any) -> Any:
    """pandas' missing values become None; a timestamp becomes ISO 8601 text."""
    if value is None or (not isinstance(value, str | list | dict) and pd.isna(value)):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
