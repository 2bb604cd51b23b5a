"""Write the reviewer's-page samples from the project's invented sample report.

Synthetic: one invented agency (examples/samples/sample-2021.txt), no content from real
reports. Run from the repository root: ``python tests/samples/review/generate.py``.

- ``clean-2023.txt``: the sample as it is (no findings).
- ``wrong-cell-2023.txt``: one wrong table-3 cell, （一）予以公开 / 自然人 19 for 18
  (examples/samples/sample-2021-with-error.txt).
- ``series-2022.txt`` + ``series-2023.txt``: two years of the agency; 2022 carries 5 / 6
  applications forward (自然人 / 总计), 2023 carries over 3 / 4: the carry-over disagrees
  in those two cells of the 2023 report. Each year adds up on its own.
- ``unreadable-2023.txt``: two cells that hold no number (``1O`` in table 3, ``2l`` in
  table 2): read as blank, each with a ``bad-value`` finding.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent.parent.parent / "examples" / "samples"


def _set_value(lines: list[str], label: str, index: int, value: str) -> None:
    """Replace the ``index``-th value line after the row label line ``label |``."""
    start = lines.index(f"{label} |")
    line = lines[start + 1 + index]
    rest = line[line.index(" |") :]
    lines[start + 1 + index] = f"{value}{rest}"


def main() -> None:
    clean = (SAMPLES / "sample-2021.txt").read_text(encoding="utf-8")
    (HERE / "clean-2023.txt").write_text(clean, encoding="utf-8")
    (HERE / "series-2023.txt").write_text(clean, encoding="utf-8")
    wrong = (SAMPLES / "sample-2021-with-error.txt").read_text(encoding="utf-8")
    (HERE / "wrong-cell-2023.txt").write_text(wrong, encoding="utf-8")

    lines = clean.split("\n")
    head = "\n".join(lines[:5])
    head = head.replace("2023", "2022").replace("2024-01-19", "2023-01-18").replace("2024-00012", "2023-00009")
    head = head.replace("收到政府信息公开申请60件", "收到政府信息公开申请62件")
    head = head.replace("结转下年度继续办理4件", "结转下年度继续办理6件")
    earlier = head.split("\n") + lines[5:]
    # 2023 carries over 3 / 1 / … / 4; 2022 carries forward 5 / 1 / … / 6, its new
    # applications raised to match (自然人 46 → 49, 商业企业 9 → 8, 总计 60 → 62).
    for index, value in ((0, "49"), (1, "8"), (6, "62")):
        _set_value(earlier, "一、本年新收政府信息公开申请数量", index, value)
    for index, value in ((0, "5"), (1, "1"), (6, "6")):
        _set_value(earlier, "四、结转下年度继续办理", index, value)
    (HERE / "series-2022.txt").write_text("\n".join(earlier), encoding="utf-8")

    unreadable = list(lines)
    _set_value(unreadable, "1.属于国家秘密", 5, "1O")
    _set_value(unreadable, "行政规范性文件", 1, "2l")
    (HERE / "unreadable-2023.txt").write_text("\n".join(unreadable), encoding="utf-8")


if __name__ == "__main__":
    main()
