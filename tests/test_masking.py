import pytest

from secsuite.masking import mask


@pytest.mark.parametrize(
    ("value", "style", "start", "end", "expected"),
    [
        ("11010519491231002X", "chars", 4, 4, "1101**********002X"),
        ("13812345678", "chars", 3, 4, "138****5678"),
        ("6222021234567890123", "chars", 4, 4, "6222***********0123"),
        ("张三", "name", 0, 0, "张*"),
        ("欧阳修", "name", 0, 0, "欧**"),
        ("zhangsan@example.com", "email", 0, 0, "z***@example.com"),
        ("江苏省宿迁市宿城区幸福路88号", "address", 0, 0, "江苏省宿迁市****"),
        ("1234", "chars", 3, 4, "1***"),
        ("ab", "chars", 3, 4, "**"),
    ],
)
def test_mask(value, style, start, end, expected):
    assert mask(value, style, start, end) == expected


@pytest.mark.parametrize("value", ["11010519491231002X", "13812345678", "E12345678", "苏N12345", "1234", "abcdef"])
def test_mask_hides_at_least_a_third_and_four_chars(value):
    masked = mask(value, "chars", 4, 4)
    assert len(masked) == len(value)
    assert masked.count("*") >= max(len(value) / 3, min(4, len(value) - 1))
