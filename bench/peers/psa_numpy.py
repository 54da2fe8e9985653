#!/usr/bin/env python3
"""The numpy peer of batch PSA scoring: the same columns, the same scoring,
vectorized with numpy as a data team would write it.

Reads the columns bench/batch_bench.cc wrote (raw little-endian arrays), scores
them, writes FTA scaled, NCA scaled and the NVCA flag next to them so the
benchmark can check the peer agrees with the library, and prints the best
time of several repetitions as JSON: {"rows": n, "seconds": s}.

    psa_numpy.py <dir> <rows> <repetitions>
"""
import json
import os
import sys
import time

import numpy as np

FTA_SCALED = np.array([1, 2, 3, 4, 4, 5, 5, 6], dtype=np.int32)
NCA_SCALED = np.array([1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 6, 6, 6], dtype=np.int32)


def load(directory, rows):
    def column(name, dtype):
        return np.fromfile(os.path.join(directory, name), dtype=dtype, count=rows)

    return {
        "age": column("age_at_current_arrest", np.int32),
        "violent": column("current_violent_offense", np.uint8),
        "pending": column("pending_charge", np.uint8),
        "misdemeanor": column("prior_misdemeanor_conviction", np.uint8),
        "felony": column("prior_felony_conviction", np.uint8),
        "violent_convictions": column("prior_violent_convictions", np.int32),
        "fta_recent": column("prior_fta_past_two_years", np.int32),
        "fta_old": column("prior_fta_older_than_two_years", np.uint8),
        "incarceration": column("prior_sentence_to_incarceration", np.uint8),
    }


def score(c):
    young = c["age"] <= 22
    conviction = (c["misdemeanor"] | c["felony"]).astype(np.int32)
    pending = c["pending"].astype(np.int32)
    vc = c["violent_convictions"]
    vc_points = (vc >= 1).astype(np.int32) + (vc >= 3)
    fta = c["fta_recent"]
    fta_band = (fta >= 1).astype(np.int32) + (fta >= 2)
    fta_raw = pending + conviction + 2 * fta_band + c["fta_old"]
    nca_raw = (2 * young + 3 * pending + c["misdemeanor"] + c["felony"] + vc_points + fta_band
               + 2 * c["incarceration"].astype(np.int32))
    violent = c["violent"].astype(np.int32)
    nvca_raw = 2 * violent + (violent & (c["age"] <= 20)) + pending + conviction + vc_points
    return FTA_SCALED[fta_raw], NCA_SCALED[nca_raw], (nvca_raw >= 4).astype(np.uint8)


def main():
    directory, rows, repetitions = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    columns = load(directory, rows)
    best = float("inf")
    for _ in range(repetitions):
        start = time.perf_counter()
        fta, nca, nvca = score(columns)
        best = min(best, time.perf_counter() - start)
    fta.astype(np.int32).tofile(os.path.join(directory, "peer_fta_scaled"))
    nca.astype(np.int32).tofile(os.path.join(directory, "peer_nca_scaled"))
    nvca.tofile(os.path.join(directory, "peer_nvca_flag"))
    print(json.dumps({"rows": rows, "seconds": best, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
