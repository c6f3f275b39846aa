#!/usr/bin/env python3
"""Broadsheet: build an entity-linked static news archive. Run `python build.py --help`."""

import os
import sys

from broadsheet.commands.cli import main

if __name__ == "__main__":
    code = main()
    # Everything is written and closed by now; skip freeing the build's objects one by one (~0.3 s on a big site).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
