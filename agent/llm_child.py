"""Run a module as a child process that ends when its parent does, however the parent ends.

`python -m agent.llm_child MODULE ARGS...` runs MODULE as `python -m MODULE ARGS...` would, and
watches its standard input: a pipe whose other end only the parent holds. When the parent
exits, even by SIGKILL, the pipe closes and the child exits at once; no server is left
behind with parent 1.
"""

from __future__ import annotations

import os
import runpy
import sys
import threading


def _exit_when_the_parent_goes() -> None:
    try:
        while sys.stdin.buffer.read(4096):
            pass  # the parent never writes; anything it did is ignored
    finally:
        os._exit(0)


def main() -> None:
    """Start the watch, then run the module named first on the command line with the rest as its arguments."""
    module, *args = sys.argv[1:]
    threading.Thread(target=_exit_when_the_parent_goes, name="parent-watch", daemon=True).start()
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
