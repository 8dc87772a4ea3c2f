"""Work around PySide6 6.12.0 on Python 3.11: void Qt calls drop a reference to ``None`` they never took.

Every call of a Qt method returning ``void`` (``setText``, ``show``, ``update``...)
decrements ``None``'s reference count once too often.  On Python 3.11 ``None``
is an ordinary object, so after a few thousand such calls its count reaches
zero and the interpreter aborts ("Fatal Python error: none_dealloc") — in the
middle of a session or at exit.  Python 3.12 made ``None`` immortal (PEP 683);
this gives 3.11 the same protection by raising ``None``'s count so far that no
session can use it up.  Nothing is done on 3.12+ or on other interpreters.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40  # a trillion void calls
_done = False


def protect_none() -> bool:
    """Make ``None``'s reference count unreachable by the leak; returns whether it was needed."""
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    # ob_refcnt is the first field of every CPython object; id() is the object's address.
    refcnt = ctypes.c_ssize_t.from_address(id(None))
    refcnt.value += _HEADROOM
    _done = True
    return True
