"""The progress bar of a batch: tqdm's widget in a Jupyter kernel, its text bar on a
terminal, nothing otherwise (or as the caller says)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .batch import CaseResult

__all__ = ["in_kernel", "progress_bar", "progress_class", "want_progress"]


def want_progress(progress: bool | None) -> bool:
    if progress is not None:
        return progress
    return sys.stderr.isatty() or in_kernel()


def in_kernel() -> bool:
    """True inside a Jupyter (IPython) kernel; IPython is not imported when it is not loaded."""
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None)
    if get is None:
        return False
    try:
        shell = get()
    except Exception:
        return False
    return getattr(shell, "kernel", None) is not None


def progress_class() -> Any:
    """tqdm's notebook widget bar in a kernel that has ipywidgets, else its text bar.

    (``tqdm.auto`` would fall back to the text bar too, but with a warning on every batch
    when ipywidgets is missing; the text bar is fine there.)
    """
    if in_kernel():
        try:
            importlib.import_module("ipywidgets")  # tqdm.notebook needs it
            from tqdm.notebook import IProgress
            from tqdm.notebook import tqdm as notebook_tqdm
        except ImportError:
            pass
        else:
            if IProgress is not None:
                return notebook_tqdm
    from tqdm.std import tqdm as text_tqdm

    return text_tqdm


def progress_bar(total: int, done: int, show: bool, *,
         failed: int = 0) -> Callable[[CaseResult | None], None]:
    """A progress callback: call with each result, then with None to close.

    ``done`` cases are finished before the bar starts (skipped, or failed to load: of
    those, ``failed``). A bar that closes with failures ends red in a notebook.
    """
    if not show:
        return lambda _result: None
    bar = progress_class()(total=total, initial=done, unit="case", desc="accesspack",
                            file=sys.stderr, postfix={"failed": failed} if failed else None)

    def update(result: CaseResult | None) -> None:
        nonlocal failed
        if result is None:
            if failed and hasattr(bar, "container"):  # tqdm.notebook's widget
                # tqdm.notebook.tqdm.close keeps "danger" (it only sets "success" otherwise)
                bar.disp(bar_style="danger", check_delay=False)
            bar.close()
            return
        failed += result.status == "failed"
        if failed:
            bar.set_postfix(failed=failed, refresh=False)
        bar.update(1)

    return update
