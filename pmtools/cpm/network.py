"""The task network as integer arrays: leaf tasks, links with summaries expanded, order.

Built once when a project is loaded (the cycle check needs it) and reused by every
computation that walks the links: the scheduler, schedule risk, levelling.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from pmtools.cpm.graph import Order, topological_order

__all__ = ["Network", "build_network", "summary_pairs"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_LINK_ORDER = ["FS", "SS", "FF", "SF"]
# does the link tie the predecessor's finish / the successor's finish? indexed by type code
_FROM_FINISH_BY_CODE = np.array([True, False, True, False])
_TO_FINISH_BY_CODE = np.array([False, False, True, True])


@dataclass(frozen=True)
class Network:
    """The leaf tasks of a project as integer arrays, summary links expanded.

    ``ids`` are the leaf ids in file order; edges ``src -> dst`` index into them.
    ``from_finish``/``to_finish`` encode the link type (FS: True/False, SS:
    False/False, FF: True/True, SF: False/True); ``lag`` is in working days.
    """

    ids: npt.NDArray[np.object_]
    duration: IntArray
    src: IntArray
    dst: IntArray
    from_finish: BoolArray
    to_finish: BoolArray
    lag: IntArray
    order: Order

    @property
    def acyclic(self) -> bool:
        return self.order.acyclic


def summary_pairs(tasks: pd.DataFrame) -> pd.DataFrame:
    """One row per (summary id, leaf id under it), at any depth. Columns: summary, leaf.

    Climbs from all leaves at once, one level per step with numpy (a 5,000-level
    hierarchy takes 5,000 cheap steps, not 5,000 table lookups).
    """
    if "parent" not in tasks.columns or not tasks["parent"].notna().any():
        return pd.DataFrame({"summary": pd.Series(dtype=object), "leaf": pd.Series(dtype=object)})
    ids = tasks.index.to_numpy(dtype=object)
    position = pd.Index(ids).get_indexer(tasks["parent"].to_numpy(dtype=object))
    parent = np.where(tasks["parent"].notna().to_numpy(), position, -1)
    leaves = np.flatnonzero(~tasks["summary"].to_numpy())
    leaf_of = leaves.copy()
    current = parent[leaves]
    summaries: list[npt.NDArray[np.int64]] = []
    owners: list[npt.NDArray[np.int64]] = []
    for _ in range(len(ids)):
        has = current >= 0
        if not has.any():
            break
        current, leaf_of = current[has], leaf_of[has]
        summaries.append(current)
        owners.append(leaf_of)
        current = parent[current]
    if not summaries:
        return pd.DataFrame({"summary": pd.Series(dtype=object), "leaf": pd.Series(dtype=object)})
    return pd.DataFrame(
        {"summary": ids[np.concatenate(summaries)], "leaf": ids[np.concatenate(owners)]}
    )


def build_network(
    tasks: pd.DataFrame, links: pd.DataFrame, *, by_position: bool = False
) -> Network:
    """The leaf tasks and their links as arrays, links to summaries expanded to their tasks.

    ``tasks`` is indexed by id with a boolean ``summary`` and a ``duration`` column;
    ``links`` has predecessor, successor, type and lag_days. Links naming an
    unknown id are dropped (validation reports them). ``by_position``: the
    links' ``pred_pos``/``succ_pos`` columns index rows of ``tasks`` (as loading
    produces them), which saves looking every id up again.
    """
    leaf_mask = ~tasks["summary"].to_numpy()
    ids = tasks.index.to_numpy()[leaf_mask]
    pred = links["predecessor"].to_numpy()
    succ = links["successor"].to_numpy()
    ltype = links["type"].to_numpy()
    lag = links["lag_days"].to_numpy(dtype=np.int64)
    if bool(tasks["summary"].any()) and len(links):
        pairs = summary_pairs(tasks)
        expand = pairs.groupby("summary")["leaf"].apply(list).to_dict()
        rows: list[tuple[object, object, object, int]] = []
        for p, s, ty, lg in zip(
            pred.tolist(), succ.tolist(), ltype.tolist(), lag.tolist(), strict=True
        ):
            for pp in expand.get(p, [p]):
                for ss in expand.get(s, [s]):
                    rows.append((pp, ss, ty, lg))
        if rows:
            pred, succ, ltype, lag_list = (
                np.array(col, dtype=object) for col in zip(*rows, strict=True)
            )
            lag = lag_list.astype(np.int64)
        else:
            pred = succ = ltype = np.empty(0, dtype=object)
            lag = np.empty(0, dtype=np.int64)
    if by_position and leaf_mask.all() and "pred_pos" in links.columns:
        src = links["pred_pos"].to_numpy(dtype=np.int64)
        dst = links["succ_pos"].to_numpy(dtype=np.int64)
    else:
        index = pd.Index(ids, dtype=object)
        src = index.get_indexer(pred)
        dst = index.get_indexer(succ)
    keep = (src >= 0) & (dst >= 0)
    codes = pd.Categorical(ltype[keep], categories=_LINK_ORDER).codes
    duration = tasks["duration"].to_numpy()[leaf_mask]
    src_i = src[keep].astype(np.int64)
    dst_i = dst[keep].astype(np.int64)
    return Network(
        ids=ids,
        duration=np.nan_to_num(duration.astype(float)).astype(np.int64),
        src=src_i,
        dst=dst_i,
        from_finish=_FROM_FINISH_BY_CODE[codes],
        to_finish=_TO_FINISH_BY_CODE[codes],
        lag=lag[keep],
        order=topological_order(ids.size, src_i, dst_i),
    )
