"""A NewscredError crosses process boundaries (process pools, Dask) whole."""

import pickle

from newscred.errors import NewscredError


def test_an_error_pickles_with_its_code_message_and_hint():
    error = NewscredError("NC108", "row 3: no text", hint="Give text.")
    again = pickle.loads(pickle.dumps(error))
    assert (again.code, again.message, again.hint, str(again)) == (
        error.code, error.message, error.hint, str(error))
