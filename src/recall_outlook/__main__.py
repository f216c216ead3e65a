"""``python -m recall_outlook``: the same as the ``recall-outlook`` command."""

from __future__ import annotations

from .cli import run

if __name__ == "__main__":
    run()
