"""A postings block's ids and weights read from its bytes are exactly what unpickling the
block gives, for every layout Whoosh writes; the layouts the fast read does not know are
left to the unpickler, and the common one is read fast."""

from __future__ import annotations

import pickle
import zlib

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from whoosh.compat import dumps
from whoosh.util.numlists import delta_encode

from index.search.postings_blocks import ids_and_weights, summary

ids_of_a_block = st.lists(st.integers(0, 3_000_000), min_size=1, max_size=128, unique=True).map(sorted)
weights_of = st.one_of(
    st.none(),  # every weight 1
    st.floats(1, 500, allow_nan=False),  # all the same
    st.lists(st.floats(0.5, 500, allow_nan=False), min_size=128, max_size=128),
)


def written(ids: list[int], weights, values: tuple[bytes, ...], compress: bool) -> bytes:
    """The block's data as W3PostingsWriter._write_block writes it."""
    mini_weights = tuple(weights[: len(ids)]) if isinstance(weights, list) else weights
    data = dumps((tuple(delta_encode(ids)), mini_weights, values), 2)
    return zlib.compress(data, 3) if compress else data


@given(ids_of_a_block, weights_of, st.booleans(), st.integers(0, 40))
def test_read_from_the_bytes_or_left_to_the_unpickler_and_the_same_either_way(
    ids: list[int], weights, compress: bool, value_size: int
) -> None:
    values = tuple(bytes([n % 256]) * value_size for n in ids)
    data = written(ids, weights, values, compress)
    found = ids_and_weights(data, len(ids), compress)
    if found is None:
        return
    expected_weights = (
        np.ones(len(ids)) if weights is None
        else np.full(len(ids), weights) if isinstance(weights, float)
        else np.array(weights[: len(ids)])
    )  # fmt: skip
    assert found[0].tolist() == ids
    assert found[1].tolist() == expected_weights.tolist()


def test_a_common_words_block_is_read_from_its_bytes() -> None:
    ids = list(range(70_000, 70_000 + 3 * 128, 3))  # gaps under 256, a first id past 65,535
    for weights in (None, 2.0, [float(n % 7 + 1) for n in range(128)]):
        found = ids_and_weights(written(ids, weights, tuple(b"\x01\x02" for _ in ids), True), 128, True)
        assert found is not None and found[0].tolist() == ids


def test_wide_gaps_and_tiny_blocks_are_left_to_the_unpickler() -> None:
    wide = [0, 10, 1_000, 1_001, 1_002]
    assert ids_and_weights(written(wide, None, (b"",) * 5, True), 5, True) is None
    assert ids_and_weights(written([1, 2, 3], None, (b"",) * 3, True), 3, True) is None


def test_garbled_bytes_are_left_to_the_unpickler() -> None:
    ids = list(range(0, 256, 2))
    data = bytearray(zlib.decompress(written(ids, None, (b"",) * 128, True)))
    data[3 + 2 * 20] = ord("M")  # the 21st id's opcode: not the small gap that stands there
    assert ids_and_weights(bytes(data), 128, False) is None
    assert ids_and_weights(b"not a block at all", 128, True) is None


@given(
    st.integers(1, 128), st.integers(0, 2**31 - 1), st.floats(0, 1e6, allow_nan=False), st.integers(0, 9),
    st.integers(0, 255), st.integers(0, 255),
)  # fmt: skip
def test_the_summary_gives_the_count_and_compression_and_where_the_data_starts(
    count: int, last: int, most: float, compression: int, shortest: int, longest: int
) -> None:
    raw = b"\x00" * 4 + dumps((count, last, most, compression, shortest, longest), 2) + b"data"
    assert pickle.loads(raw[4:-4]) == (count, last, most, compression, shortest, longest)
    assert summary(raw, 4) == (count, compression, len(raw) - 4)
