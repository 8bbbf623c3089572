"""The import's parser measured on the labelled corpus of real documents (tests/corpus).

    .venv/bin/python bench/import_corpus.py [-v] [directory]

Runs responses.parsing.parse_response, the function plan_import reads a pasted text with,
over every document and prints per document and in all: fields right, wrong, missing and
invented, invented due dates, and recommendations and elements found against those labelled.
-v lists every field that is not right. The scoring rules are in responses/evaluate.py.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from responses.evaluate import main  # noqa: E402 (the project root is put on the path first)

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
