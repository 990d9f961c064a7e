"""Old import path of :mod:`analysis.explorer` (kept so existing code keeps working).

``from analysis.explore import entity_history`` still works, and so does
calling ``analysis.explore()`` even after this module has been imported: the
module itself is callable and opens the explorer.
"""

import sys
import types

from analysis.explorer import *  # noqa: F401,F403
from analysis.explorer import __all__  # noqa: F401
from analysis.explorer import explore as _explore


class _CallableModule(types.ModuleType):
    def __call__(self, *args, **kwargs):
        return _explore(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
