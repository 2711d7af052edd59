"""Amounts in capital numerals (大写) as a receipt writes them: one zero for a run of zeros, 整 when
there is no fen, 零 between yuan and a lone fen."""

import pytest

from core.money import capital_yuan

CASES = [
    (0, "零元整"),
    (5, "伍分"),
    (60, "陆角整"),
    (1000, "壹拾元整"),
    (100_000, "壹仟元整"),
    (100_500, "壹仟零伍元整"),
    (101_000, "壹仟零壹拾元整"),
    (1_234_567, "壹万贰仟叁佰肆拾伍元陆角柒分"),
    (10_000_000, "壹拾万元整"),
    (10_000_000_000, "壹亿元整"),
    (10_001_000_000, "壹亿零壹万元整"),
    (100_000_000_100, "壹拾亿零壹元整"),
    (20_000_010_007, "贰亿零壹佰元零柒分"),
    (123_456_789_012, "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元壹角贰分"),
]


@pytest.mark.parametrize(("fen", "words"), CASES)
def test_capitals(fen, words):
    assert capital_yuan(fen) == words


def test_what_is_refused():
    for bad, error in ((-1, ValueError), (10**18, ValueError), (1.5, TypeError), (True, TypeError)):
        with pytest.raises(error):
            capital_yuan(bad)
