"""The ``polymed`` command line: one entry point, one module per command group.

Only this package talks to the terminal; library code logs through ``logging``.
Each command module exposes ``register(app)``; heavy imports happen inside the
commands so ``polymed --help`` stays fast.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click
import typer
from rich.console import Console
from rich.markup import escape

from ..errors import PolymedError

app = typer.Typer(
    name="polymed",
    help="Build and evaluate multilingual medical language models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)
_state = {"debug": False}

#: command modules (polymed.cli.<name>), each with ``register(app)``
_COMMAND_MODULES = ("eval", "score", "compare", "judge", "data", "topics", "corpus")


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress details."),
) -> None:
    _state["debug"] = debug
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    # one INFO line per HTTP request would drown the progress bar
    logging.getLogger("httpx").setLevel(logging.DEBUG if debug else logging.WARNING)


for _name in _COMMAND_MODULES:
    try:
        _module = importlib.import_module(f".{_name}", __name__)
    except ModuleNotFoundError as _exc:  # a command group not written yet
        if _exc.name != f"{__name__}.{_name}":
            raise
        continue
    _module.register(app)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user errors print one line and exit 1 (traceback with --debug)."""
    try:
        rv = app(args=argv, standalone_mode=False)
    except PolymedError as exc:
        if _state["debug"]:
            raise
        err_console.print(
            f"[bold red]error:[/] {escape(exc.message)}", highlight=False, soft_wrap=True
        )
        return 1
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        err_console.print("interrupted; re-run the same command to resume")
        return 130
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":
    sys.exit(main())
