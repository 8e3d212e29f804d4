"""`invoke eval --real DIR --halves`: the split and the side-by-side table (pure functions)."""

from digest.evaluate import halves, halves_table

SCORED = """articles scored 7, failed 0, title/date wrong 0
officials  P 1.00 R 0.91 F1 0.95 (tp 20 fp 0 fn 2)
positions  recall 38/41 = 0.93; precision 36/36 = 1.00
places     P 1.00 R 1.00 F1 1.00 (tp 34 fp 0 fn 0); variants merged 0/0
campaigns  P 0.92 R 0.85 F1 0.88 (tp 22 fp 2 fn 4); variants grouped 0/0
"""


def test_ids_split_by_the_parity_of_their_number():
    assert halves(["a01", "a02", "seed000", "b13", "seed002"]) == {"odd": ["a01", "b13"], "even": ["a02", "seed000", "seed002"]}


def test_each_half_keeps_its_own_column_even_when_one_scored_nothing():
    table = halves_table({"odd ids (2)": "nothing scored: no raw texts", "even ids (3)": SCORED}).splitlines()
    header, officials = table[0], next(line for line in table if line.startswith("officials"))
    assert officials.index("P 1.00 R 0.91 F1 0.95") == header.index("even ids (3)")
    assert officials.split()[1] == "-"
    assert next(line for line in table if line.startswith("positions")).endswith("R 0.93 P 1.00")
