#!/usr/bin/env python3
"""Broadsheet: build an entity-linked static news archive. Run `python build.py --help`."""

import sys

from broadsheet.cli import main

if __name__ == "__main__":
    sys.exit(main())
