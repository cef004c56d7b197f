"""Run the real `explorer` command and stop it with a real signal when it reaches a step.

    python -m tests.reliability.stopper SIGNAL MODULE:FUNCTION[#N] -- EXPLORER ARGS...

A profile hook (sys.setprofile: it watches, it changes nothing) sends SIGNAL (KILL or
INT) to this very process when FUNCTION of MODULE is called for the Nth time: a `kill -9`
or a Ctrl-C that lands exactly at that step of an indexing run, every time. Test-only:
the product has no hook of its own.
"""

from __future__ import annotations

import os
import signal
import sys

from tui.cli import main


def stop_at(number: int, target: str) -> None:
    module, _, rest = target.partition(":")
    name, _, nth = rest.partition("#")
    wanted = int(nth or 1)
    calls = 0

    def hook(frame, event, arg) -> None:
        nonlocal calls
        if event == "call" and frame.f_code.co_name == name and frame.f_globals.get("__name__") == module:
            calls += 1
            if calls == wanted:
                sys.setprofile(None)
                os.kill(os.getpid(), number)

    sys.setprofile(hook)


if __name__ == "__main__":
    stop_at(getattr(signal, f"SIG{sys.argv[1]}"), sys.argv[2])
    assert sys.argv[3] == "--"
    sys.exit(main(sys.argv[4:]))
