#!/usr/bin/python3
"""The users' old approach, for side-by-side figures: one file after another, each downloaded over
WebHDFS into memory (GET op=OPEN, following the redirect), opened by h5py as a file image with the
core driver and backing_store=False, then turned into a DataFrame with its column names.

    old_approach.py check|export ROOT_URL DIR [OUT_DIR]

ROOT_URL is the REST root (http://127.0.0.1:PORT/webhdfs/v1), DIR an HDFS directory; every *.h5
file in it is processed. check: NaN/Inf counts and min/max per file; export: OUT_DIR/NAME.csv.
"""
import json
import sys
import urllib.request

import h5py
import numpy as np
import pandas as pd


def get(url):
    with urllib.request.urlopen(url) as response:  # follows the NameNode's 307 to the DataNode
        return response.read()


def open_image(data, name):
    fapl = h5py.h5p.create(h5py.h5p.FILE_ACCESS)
    fapl.set_fapl_core(backing_store=False)
    fapl.set_file_image(data)
    fid = h5py.h5f.open(name.encode(), h5py.h5f.ACC_RDONLY, fapl=fapl)
    return h5py.File(fid)


def main():
    mode, root, directory = sys.argv[1:4]
    listing = json.loads(get(f"{root}{directory}?op=LISTSTATUS&user.name=bench"))
    names = sorted(e["pathSuffix"] for e in listing["FileStatuses"]["FileStatus"] if e["pathSuffix"].endswith(".h5"))
    for name in names:
        data = get(f"{root}{directory}/{name}?op=OPEN&user.name=bench")
        with open_image(data, name) as f:
            frame = pd.DataFrame(f["data_f"][:], columns=[c.decode() for c in f["f_axis0"][:]])
        if mode == "check":
            values = frame.to_numpy()
            print(name, int(np.isnan(values).sum()), int(np.isinf(values).sum()), np.nanmin(values), np.nanmax(values))
        else:
            frame.to_csv(f"{sys.argv[4]}/{name[:-3]}.csv")


if __name__ == "__main__":
    main()
