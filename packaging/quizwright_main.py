"""Entry point of the PyInstaller bundle: the same `quizwright` as the console script."""

import sys

from cli.main import main

if __name__ == "__main__":
    sys.exit(main())
