"""The PyInstaller bundle's entry point: the `factdesk` command (no arguments: the window)."""

import multiprocessing

from factdesk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    main()
