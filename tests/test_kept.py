"""What a searcher keeps of what it read: least recently used first out past the budget."""

from __future__ import annotations

from index.search.kept import KeptBySize


def test_the_least_recently_used_go_first_once_the_sizes_pass_the_budget() -> None:
    reads: list[str] = []
    kept: KeptBySize[str, str] = KeptBySize(6, len)

    def get(key: str) -> str:
        return kept.get(key, lambda: reads.append(key) or key * 2)

    assert [get("a"), get("b"), get("a")] == ["aa", "bb", "aa"]  # a read once, then kept
    get("c")  # 2 + 2 + 2 = 6: all stay
    get("d")  # past 6: b goes (a was used after it)
    get("a")
    get("b")
    assert reads == ["a", "b", "c", "d", "b"]


def test_one_value_bigger_than_the_budget_is_still_kept_until_the_next() -> None:
    reads: list[int] = []
    kept: KeptBySize[int, list[int]] = KeptBySize(3, len)
    for _ in range(2):
        kept.get(1, lambda: reads.append(1) or [0] * 10)
    kept.get(2, lambda: reads.append(2) or [0])
    kept.get(1, lambda: reads.append(1) or [0] * 10)
    assert reads == [1, 2, 1]
