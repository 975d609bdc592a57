"""Dask DataFrames: `check_dataframe(ddf)` checks every row on the cluster.

    import dask.dataframe as dd
    from newscred.dask import check_dataframe
    scored = check_dataframe(dd.read_parquet("news/"), fields={"text": "content"})

Each worker process builds one Pipeline, the first time it gets a partition. The result
has a declared `meta`: the columns of `newscred.rows` (typed with pandas' nullable dtypes)
then the input columns newscred does not use, with their own dtypes. Needs the `scale`
extra; see docs/scale.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newscred.engines import process_pipeline
from newscred.frames import check_frame, meta
from newscred.pipeline import PipelineConfig
from newscred.rows import Layout


def check_dataframe(ddf: Any, *, config: PipelineConfig | None = None,
                    fields: Mapping[str, str] | None = None,
                    with_report: bool = False) -> Any:
    """A lazy Dask DataFrame of `Pipeline.check_frame` applied to every partition."""
    config_json = (config or PipelineConfig()).model_dump_json()
    layout = Layout.for_pipeline(process_pipeline(config_json), with_report=with_report)
    return ddf.map_partitions(
        _check_partition, config_json, dict(fields or {}), with_report,
        meta=meta(ddf._meta, layout, fields), enforce_metadata=True,
    )


def _check_partition(frame: Any, config_json: str, fields: dict[str, str],
                     with_report: bool) -> Any:
    return check_frame(process_pipeline(config_json), frame, fields=fields,
                       with_report=with_report)
