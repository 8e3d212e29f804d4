"""Pelican's own command line, ended without tearing the heap down: `python -m plugins.digest_incremental.pelican_run ARGS`.

When Pelican's main() returns there is nothing left to do: the content cache is saved, every file
is written and closed, the render workers have exited. Python would still free the parsed corpus,
the plugin's index and every page's inputs one object at a time before exiting (about 3 s of each
build at 10,000 articles, BENCHMARKS.md), so the process ends at once with Pelican's exit status.
"""

from __future__ import annotations

import logging
import os
import sys

from pelican import main


def run() -> int:
    try:
        main()
        status = 0
    except SystemExit as stop:
        if isinstance(stop.code, int) or stop.code is None:
            status = stop.code or 0
        else:  # sys.exit("message"): Python prints it and exits with 1
            print(stop.code, file=sys.stderr)
            status = 1
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    return status


if __name__ == "__main__":
    os._exit(run())
