"""The batch's tasks: every line once, in order, the last tasks smaller so workers end together."""

from __future__ import annotations

import pytest

from medcodes.search.batch import CHUNK, MIN_PARALLEL, TAIL, _chunks


@pytest.mark.parametrize("n", [MIN_PARALLEL, MIN_PARALLEL + 1, 100, 1000, 1003])
@pytest.mark.parametrize("jobs", [1, 2, 4])
def test_chunks_keep_every_line_in_order(n: int, jobs: int) -> None:
    lines = [str(i) for i in range(n)]
    tasks = list(_chunks(lines[:MIN_PARALLEL], iter(lines[MIN_PARALLEL:]), jobs))
    assert [line for task in tasks for line in task] == lines
    assert all(0 < len(task) <= CHUNK for task in tasks)
    assert all(len(task) >= TAIL for task in tasks[:-1])


def test_chunks_end_smaller() -> None:
    lines = [str(i) for i in range(1000)]
    sizes = [len(t) for t in _chunks(lines[:MIN_PARALLEL], iter(lines[MIN_PARALLEL:]), 2)]
    assert sizes[0] == CHUNK and sizes[-1] <= TAIL
    assert sizes == sorted(sizes, reverse=True), "never a bigger task after a smaller one"
