from __future__ import annotations

import pickle

import pytest

from analysis import DataError
from analysis.errors import Problem


def test_data_error_is_a_value_error_naming_file_row_column_value_and_fix():
    err = DataError.at("scores.csv", row=14, column="Nilai", value="9,5x",
                       message="is not a number", hint="expected 0-100")
    assert isinstance(err, ValueError)
    assert str(err) == "scores.csv, row 14, column 'Nilai': '9,5x': is not a number; expected 0-100"
    with pytest.raises(ValueError, match="row 14"):
        raise err


def test_many_problems_are_all_listed_up_to_the_limit():
    problems = [Problem("f.csv", r, "score", str(r), "bad") for r in range(2, 30)]
    text = str(DataError(problems, limit=5))
    assert text.startswith("28 problems:")
    assert "row 6" in text and "row 7" not in text
    assert "and 23 more problems" in text


def test_data_error_survives_pickling():
    err = DataError.at("f.csv", 3, "year", "20x4", "is not a whole number")
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err)
