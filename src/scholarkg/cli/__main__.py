"""``python -m scholarkg.cli``: the same as the ``scholarkg`` command."""
from . import main

main()
