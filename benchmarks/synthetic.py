"""Write a synthetic case report of a requested size (see :mod:`kg.synthetic`).

Run from the project root::

    python benchmarks/synthetic.py OUT_DIR --kb 100 [--seed 1]
"""

from __future__ import annotations

from kg.synthetic import main

if __name__ == "__main__":
    main()
