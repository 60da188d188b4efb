"""``python -m threads`` is the ``threads`` command."""

from threads.cli import main

raise SystemExit(main())
