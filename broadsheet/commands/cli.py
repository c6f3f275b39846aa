"""Command line: parse arguments, load config, run a command, exit with a status from diagnostics."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..core import progress
from ..core.config import load_config
from ..core.diagnostics import Diagnostics, UserError, user_message
from ..core.text import visible
from .report import summary

DESCRIPTION = """Turn news articles into an entity-linked static archive.

  seeds/ (your articles) --spaCy--> content/ (Markdown you may edit) --Jinja2--> site/ (HTML)

Commands:
  build   (default) extract new or changed seeds into content/, then render site/
  clean   remove everything a build wrote into site/
  serve   build, serve site/ (on 127.0.0.1 unless --host), rebuild and reload on changes
  check   validate a built site: links, HTML, feeds, sitemap, orphans
  new DIR start a project in DIR: a config.yaml listing every setting, an empty seeds/ folder
  review  list the entities an editor should look at, most doubtful first, with the config.yaml line that
          fixes each; also written as review.html beside config.yaml
"""


def parser() -> argparse.ArgumentParser:
    called = Path(sys.argv[0]).name
    p = argparse.ArgumentParser(prog=called if called in ("build.py", "broadsheet") else "broadsheet",
                                description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", nargs="?", default="build", choices=["build", "clean", "serve", "check", "review", "new"],
                   help="what to do (default: build)")
    p.add_argument("folder", nargs="?", type=Path, help="for new: the folder to make the project in")
    p.add_argument("--config", type=Path, default=Path("config.yaml"),
                   help="project settings (default: config.yaml); paths in it are relative to it")
    p.add_argument("--seeds", type=Path, help="folder of seed articles, searched recursively (overrides config)")
    p.add_argument("--content", type=Path, help="folder of content Markdown (overrides config)")
    p.add_argument("--site", type=Path, help="output folder (overrides config)")
    p.add_argument("--templates", type=Path, help="folder of Jinja2 templates, the theme (overrides config)")
    p.add_argument("--static", type=Path, help="folder of static files copied into site/static/ (overrides config)")
    p.add_argument("--render-only", action="store_true",
                   help="skip extraction: render site/ from content/ alone (no spaCy needed)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="extract on a Dask cluster: its scheduler (tcp://host:8786), or local to start one on this "
                        "machine (overrides config)")
    p.add_argument("--strict", action="store_true", help="exit non-zero when there is any warning")
    p.add_argument("--port", type=port_number, default=8000, help="port for serve (default: 8000)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address serve listens on (default: 127.0.0.1, this machine only; 0.0.0.0 for your network)")
    loud = p.add_mutually_exclusive_group()
    loud.add_argument("-v", "--verbose", action="store_true", help="list every file written and removed")
    loud.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    return p


def port_number(text: str) -> int:
    """A TCP port for --port: 0 (any free one) to 65535."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a port number (0 to 65535)")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    """Run one command; the exit status is 0 when it went well, 1 on errors in the input (or warnings with
    --strict), 2 when something stopped it: a UserError, or a file or folder the system refused (one message
    naming it, no traceback). Anything else is a bug, and keeps its traceback."""
    p = parser()
    args = p.parse_args(argv)
    if (args.command == "new") != (args.folder is not None):
        p.error("give a folder after new (`new DIR`), and only after new")
    progress.ENABLED = not args.quiet
    try:
        if args.command == "new":
            return new_command(args.folder, args.quiet)
        if args.config == Path("config.yaml") and not args.config.exists() and not (args.command == "check"
                                                                                     and args.site):
            raise UserError(f"no config.yaml in {Path.cwd()}: run Broadsheet in your project's folder, pass "
                            f"--config FILE, or start a project with `{p.prog} new DIR`")
        overrides = {"seeds": args.seeds, "content": args.content, "site": args.site, "templates": args.templates,
                     "static": args.static, "scheduler": args.scheduler,
                     "_config_optional": args.config == Path("config.yaml")}
        diagnostics = Diagnostics()
        config = load_config(args.config, overrides, diagnostics)
        if args.command == "clean":
            from ..pipeline import clean
            removed = clean(config, diagnostics)
            if not args.quiet:
                print(f"removed {len(removed)} files from {visible(str(config.site))}")
            return diagnostics.exit_code(strict=args.strict)
        if args.command == "check":
            from ..pipeline import site_records
            from .check import check_site
            return check_site(config.site, quiet=args.quiet, base_url=config.base_url, records=site_records(config))
        if args.command == "review":
            from .review import review
            review(config, diagnostics, quiet=args.quiet)
            return diagnostics.exit_code(strict=args.strict)
        if args.command == "serve":
            from .serve import serve
            return serve(config, args.port, args.strict, host=args.host, overrides=overrides)
        return run_build(config, diagnostics, args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        message = user_message(exc)
        if message is None:
            raise
        print(f"error: {message}", file=sys.stderr)
        return 2


def run_build(config, diagnostics: Diagnostics, args) -> int:
    from ..pipeline import build

    result = build(config, diagnostics, extract_content=not args.render_only)
    if args.verbose:
        for path in result.written:
            print(f"wrote   {visible(path)}")
        for path in result.removed:
            print(f"removed {visible(path)}")
    if not args.quiet:
        print(summary(result, diagnostics))
    return diagnostics.exit_code(strict=args.strict)


def new_command(folder: Path, quiet: bool) -> int:
    """Make a project and say what to do next."""
    from .new import new_project

    new_project(folder)
    if not quiet:
        print(f"made a project in {folder}: config.yaml (every setting, with its default), seeds/ (empty), README.md\n"
              f"next: put articles (.txt, .md, or exports: .jsonl, .csv, .html, .warc, .xml) in {folder / 'seeds'}, then run `broadsheet build` (or `serve`) "
              "in that folder")
    return 0


def run() -> None:
    """The `broadsheet` command: main(), then exit at once (everything is written and closed by then; freeing
    the build's objects one by one would take ~0.3 s on a big site)."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
