"""What a Python developer tries first: the same job, with one worker process per core.

    python3 etl_multiprocessing.py orders.csv orders.pb

The GIL lets only one thread run Python bytecode at a time, so threads would not help a
CPU-bound job; processes do, at a price: every row is pickled to a worker and every
record pickled back. `imap` returns the results in input order, so the output is
byte-identical to etl.py's.
"""

import csv
import sys
from multiprocessing import Pool

from etl import encode_row, numbered_rows, open_csv, write_all


def main(input_path, output_path):
    with open_csv(input_path) as src, open(output_path, "wb") as out:
        rows = numbered_rows(csv.reader(src))
        # #region pool
        with Pool() as pool:  # one worker process per core
            results = pool.imap(encode_row, rows, chunksize=500)  # keeps input order
            summary = write_all(results, out)  # inside the with: it ends the pool
        # #endregion pool
    summary.report(sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: etl_multiprocessing.py INPUT.csv OUTPUT.pb")
    main(sys.argv[1], sys.argv[2])
