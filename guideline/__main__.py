"""``python -m guideline``: run the command line (see ``python -m guideline --help``)."""

from ._cli import main

raise SystemExit(main())
