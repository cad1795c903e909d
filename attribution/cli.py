"""Command-line interface: parse arguments, load the config, call a pipeline, report.

Bad input ends with one line on stderr naming the problem and exit status 2
(no traceback unless ``--debug``), and leaves no partial output.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import traceback
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from attribution import __version__
from attribution.exceptions import AttributionError, ConfigError

if TYPE_CHECKING:
    from attribution.config.schema import RunConfig


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="attribution",
        description=(
            "Attribute U.S. Treasury yield moves to foreign official selling, "
            "leveraged unwinds and everything else."
        ),
    )
    p.add_argument("--version", action="version", version=f"attribution {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", required=True)

    a = sub.add_parser("attribute", help="attribute a window's yield change to drivers")
    a.add_argument(
        "--window",
        help="YYYY-MM-DD (a day), YYYY-Www (an ISO week), YYYY-MM or "
        "YYYY-MM-DD:YYYY-MM-DD (overrides the config)",
    )
    a.add_argument(
        "--config", type=Path, help="YAML config (default: built-in defaults)"
    )
    a.add_argument(
        "--episode",
        metavar="NAME",
        help="run an episode's config from configs/episodes (e.g. 2025-04, "
        "2020-03); `--episode list` lists them. Not with --window or --config",
    )
    a.add_argument(
        "--out", type=Path, help="output root (default: the config's output.dir)"
    )
    a.add_argument(
        "--seed", type=int, help="seed of every bootstrap (overrides run.seed)"
    )
    a.add_argument(
        "--models",
        help="comma-separated models, e.g. svar_hetero_daily,ols_weekly "
        "(overrides attribution.models)",
    )
    a.add_argument(
        "--tenors",
        help="comma-separated tenors of the weekly models, e.g. 2y,10y "
        "(overrides attribution.tenors)",
    )
    a.add_argument(
        "--standalone",
        action="store_true",
        help="also write <name>_standalone.tex, a compilable document per .tex",
    )

    d = sub.add_parser("data", help="inspect or refresh the data")
    dsub = d.add_subparsers(dest="data_command", required=True)
    s = dsub.add_parser("status", help="list series: source, range, frequency, vintage")
    s.add_argument("--config", type=Path)
    s.add_argument("--grep", help="only ids containing this text")
    s.add_argument(
        "--all", action="store_true", help="include auction and TFF sub-series"
    )
    f = dsub.add_parser(
        "fetch", help="refresh the cache from the publishers (needs network)"
    )
    f.add_argument("--config", type=Path)
    f.add_argument(
        "--years",
        type=int,
        nargs="+",
        default=[2024, 2025, 2026],
        help="CFTC and par-curve years to fetch",
    )
    f.add_argument(
        "--allow-shrink",
        action="store_true",
        help="accept answers with fewer series or rows than the cached vintage",
    )

    for name, helptext in (
        ("features", "compute the signal features for a window"),
        ("breaks", "structural-break tests for a window"),
        ("panel", "country panel of TIC holdings changes (fixed effects)"),
        ("nowcast", "nowcast TIC holdings changes not yet published, with a backtest"),
        ("termpremium", "split yield changes into expected path and term premium"),
    ):
        x = sub.add_parser(name, help=helptext)
        x.add_argument("--window", help="the window (overrides the config)")
        x.add_argument("--config", type=Path, help="YAML config")
        x.add_argument("--out", type=Path, help="output root")
        if name == "termpremium":
            x.add_argument(
                "--standalone",
                action="store_true",
                help="also write termpremium_standalone.tex, a compilable document",
            )
    w = sub.add_parser(
        "sweep", help="run a grid of windows and specifications (joblib or Dask)"
    )
    w.add_argument(
        "--config", type=Path, required=True, help="YAML sweep config (configs/sweeps/)"
    )
    w.add_argument(
        "--out", type=Path, help="output root (default: the sweep's output.dir)"
    )
    for action in p._subparsers._group_actions if p._subparsers else []:
        for subparser in getattr(action, "choices", {}).values():
            _add_debug(subparser)
    return p


def _add_debug(parser: argparse.ArgumentParser) -> None:
    """Accept ``--debug`` after the subcommand too (and in nested ones)."""
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show tracebacks",
    )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for nested in action.choices.values():
                _add_debug(nested)


def _with_flags(cfg: Any, args: argparse.Namespace) -> Any:
    """Apply ``--seed``, ``--models`` and ``--tenors`` to a loaded config.

    The result is validated like a config file (an unknown model is an error
    naming ``attribution.models``) and recorded in the manifest.
    """
    from attribution.config import config_from_dict

    if args.seed is None and args.models is None and args.tenors is None:
        return cfg
    data = cfg.model_dump(mode="json", by_alias=True)
    if args.seed is not None:
        data["run"]["seed"] = args.seed
    for flag, key in (("models", "models"), ("tenors", "tenors")):
        value = getattr(args, flag)
        if value is not None:
            data["attribution"][key] = [v.strip() for v in value.split(",") if v]
    return config_from_dict(data, "command line")


def _cmd_attribute(args: argparse.Namespace) -> int:
    from attribution.config import load_config

    if args.episode is not None:
        from attribution.config.episodes import episode_listing, find_episode

        if args.episode == "list":
            print("\n".join(episode_listing()))
            return 0
        pairs = (("--window", args.window), ("--config", args.config))
        given = [flag for flag, value in pairs if value is not None]
        if given:
            raise ConfigError(
                f"`--episode` runs the episode's own config and window; got "
                f"{' and '.join(given)} as well. Drop {' and '.join(given)}, or "
                "drop --episode and pass --config configs/episodes/<file>.yaml"
            )
        base = find_episode(args.episode).config
    else:
        base = load_config(args.config, window=args.window)
    cfg = _with_flags(base, args)
    # the daily sign models start in the worker now, before the heavy imports
    # (a run that fails before collecting them kills the worker at exit)
    from attribution.pipeline.prestart import start_daily_signs

    signs = start_daily_signs(cfg)
    from attribution.pipeline.console import check_output_root

    root = args.out or Path(cfg.output.dir)
    check_output_root(root)
    from attribution.pipeline.attribute import attribute_and_write
    from attribution.pipeline.console import print_attribution

    run, out = attribute_and_write(cfg, root, standalone=args.standalone, signs=signs)
    print_attribution(run.result, out)
    return 0


def _cmd_sweep(args: argparse.Namespace) -> int:
    from attribution.config.sweep_section import load_sweep
    from attribution.pipeline.console import check_output_root
    from attribution.pipeline.sweep import run_sweep, write_sweep

    sweep = load_sweep(args.config)
    root = args.out or Path(sweep.output.dir)
    check_output_root(root)
    run = run_sweep(sweep)
    out = write_sweep(run, root)
    bad = sum(not o.ok for o in run.outcomes)
    print(f"{len(run.outcomes)} points ({bad} not estimated); wrote {out}")
    return 0


def _cmd_data(args: argparse.Namespace) -> int:
    from attribution.config import load_config
    from attribution.pipeline.common import store_from_config
    from attribution.pipeline.data import fetch_all, status_frame

    cfg = load_config(args.config)
    store = store_from_config(cfg)
    if args.data_command == "status":
        frame = status_frame(store, args.grep)
        if not args.all and not args.grep:
            frame = frame.loc[
                ~frame["series_id"].str.match(r"^(AUCTION|TFF|TIC_SLT[13])\.")
            ]
        print(frame.to_string(index=False))
        print(
            f"\n{len(frame)} series shown; `--all` adds auction, CFTC and "
            "TIC SLT table 1 and 3 sub-series."
        )
        return 0
    from tqdm import tqdm

    # a progress bar only on a terminal: a log file gets the table alone
    bar = tqdm(desc="fetch", unit="req", disable=not sys.stderr.isatty())

    def _progress(label: str) -> None:
        bar.set_postfix_str(label)
        bar.update()

    status = fetch_all(
        store.cache,
        years=args.years,
        progress=_progress,
        allow_shrink=args.allow_shrink,
    )
    bar.close()
    for k, v in status.items():
        print(f"{k:28s} {v}")
    bad = [k for k, v in status.items() if not v.startswith("ok")]
    print(
        f"\n{len(status) - len(bad)} of {len(status)} requests refreshed; "
        f"{len(bad)} kept the cached or bundled vintage."
    )
    if len(bad) == len(status) and any("unreachable" in v for v in status.values()):
        print(
            "No publisher could be reached (no network?): nothing was refreshed, "
            "and runs will use the cached vintage or the bundled snapshot "
            "(exit status 1)."
        )
    return 1 if bad else 0


def _load(args: argparse.Namespace) -> RunConfig:
    from attribution.config import load_config

    return load_config(args.config, window=args.window)


def _wrote(out: Path) -> int:
    print(f"wrote {out}")
    return 0


# One function per pipeline command; each imports its pipeline only when run
# (after the config is validated), as the importlib dispatch did.
def _cmd_features(args: argparse.Namespace) -> int:
    cfg = _load(args)
    from attribution.pipeline.features import run_and_write

    return _wrote(run_and_write(cfg, args.out or Path(cfg.output.dir)))


def _cmd_breaks(args: argparse.Namespace) -> int:
    cfg = _load(args)
    from attribution.pipeline.breaks import run_and_write

    return _wrote(run_and_write(cfg, args.out or Path(cfg.output.dir)))


def _cmd_panel(args: argparse.Namespace) -> int:
    cfg = _load(args)
    from attribution.pipeline.country_panel import run_and_write

    return _wrote(run_and_write(cfg, args.out or Path(cfg.output.dir)))


def _cmd_nowcast(args: argparse.Namespace) -> int:
    cfg = _load(args)
    from attribution.pipeline.nowcast import run_and_write

    return _wrote(run_and_write(cfg, args.out or Path(cfg.output.dir)))


def _cmd_termpremium(args: argparse.Namespace) -> int:
    # a re-run of the same command line is replayed before anything is parsed
    from attribution.pipeline.termpremium_fast import FastRequest, replay

    request = FastRequest(args.window, args.config, args.out, args.standalone)
    replayed = replay(request)
    if replayed is not None:
        return _wrote(replayed)
    cfg = _load(args)
    from attribution.pipeline.termpremium import run_and_write

    out = args.out or Path(cfg.output.dir)
    return _wrote(run_and_write(cfg, out, standalone=args.standalone, fast=request))


#: Command name -> handler (static registration; a test checks it matches the parser).
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "attribute": _cmd_attribute,
    "data": _cmd_data,
    "features": _cmd_features,
    "breaks": _cmd_breaks,
    "panel": _cmd_panel,
    "nowcast": _cmd_nowcast,
    "termpremium": _cmd_termpremium,
    "sweep": _cmd_sweep,
}


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _stdout_failed(exc: OSError) -> int:
    """Report a failed write to standard output; keep the exit flush quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    print(
        f"error: cannot write to standard output ({exc.strerror or exc})",
        file=sys.stderr,
    )
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status.

    0 on success; 1 when ``data fetch`` could not refresh some series; 2 on
    bad input or an unwritable output (one ``error:`` line on stderr, with the
    traceback above it only under ``--debug``); 130 on Ctrl-C.
    """
    from attribution.pipeline.redaction import install_redaction, redact

    args = _parser().parse_args(argv)
    previous = None
    if threading.current_thread() is threading.main_thread():
        # SIGTERM unwinds like Ctrl-C, so that staged folders and temp files
        # are removed on the way out instead of being left behind
        previous = signal.signal(signal.SIGTERM, _terminate)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    install_redaction()
    if not args.debug:
        warnings.filterwarnings("default")
        warnings.formatwarning = lambda m, c, *a, **k: f"warning: {c.__name__}: {m}\n"
    writing_stdout = False
    try:
        status = COMMANDS[args.command](args)
        writing_stdout = True
        sys.stdout.flush()
        return status
    except AttributionError as exc:
        if args.debug:
            traceback.print_exc()
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"error: {redact(msg)}", file=sys.stderr)
        return 2
    except OSError as exc:
        if args.debug:
            traceback.print_exc()
        if writing_stdout or exc.filename is None:
            return _stdout_failed(exc)
        print(f"error: {exc.filename}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def run() -> NoReturn:
    """Entry point of ``python cli.py`` and the ``attribution`` script.

    :func:`main` in a process set up for a command-line run
    (:mod:`attribution.pipeline.process`: the collector's threshold, and an
    exit without the interpreter's teardown once every file is written).
    """
    from attribution.pipeline.process import exit_now, tune_collector

    tune_collector()
    exit_now(main())


if __name__ == "__main__":
    run()
