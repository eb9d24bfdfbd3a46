"""``python -m replicate_ext.cli``: the ``replicate-ext`` command line.

Example:
    $ python -m replicate_ext.cli run replicate-ext/hello -i name=Ada
    hello Ada
"""

from __future__ import annotations

import sys

from . import main

if __name__ == "__main__":
    sys.exit(main())
