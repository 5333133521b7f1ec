"""What a Python developer tries first: the same job, with one worker process per core.

    python3 etl_multiprocessing.py [--details] [--rejects REJECTS.csv] [--max-rejected-share 0.05]
                                   orders.csv orders.pb

The GIL lets only one thread run Python bytecode at a time, so threads would not help a
CPU-bound job; processes do, at a price: every row is pickled to a worker and every
record pickled back. `imap` returns the results in input order, so the output is
byte-identical to etl.py's, and the parent (which reads, writes and counts) sees repeated
ids in order. The pool starts its workers the platform's default way: "fork" on Linux up
to CPython 3.13, "forkserver" from 3.14 on; --details says which ran.
"""

import multiprocessing
import sys
from multiprocessing import Pool

from etl import Sent, Summary, arguments, encode_row, open_csv, open_rejects, records


def run(input_path, output_path, rejects_path=None, max_share="0.05", details=False, stream=sys.stderr):
    with open_csv(input_path) as src, open(output_path, "wb") as out, open_rejects(rejects_path) as rejects:
        summary = Summary(rejects)
        sent = Sent(records(src))
        # #region pool
        with Pool() as pool:  # one worker process per core
            results = pool.imap(encode_row, sent.fields(), chunksize=500)  # keeps input order
            sent.write_all(results, summary, out)  # inside the with: it ends the pool
        # #endregion pool
    summary.report(stream)
    if details:
        print(f"etl-multiprocessing: start method {multiprocessing.get_start_method()}, "
              f"{multiprocessing.cpu_count()} workers", file=stream)
    return summary.status(max_share, stream)


if __name__ == "__main__":
    parser = arguments("The ETL job with one worker process per core.")
    parser.add_argument("--details", action="store_true", help="also say which start method the pool used")
    args = parser.parse_args()
    sys.exit(run(args.input, args.output, args.rejects, args.max_rejected_share, args.details))
