#!/usr/bin/python3
"""The users' old approach, for side-by-side figures: one file after another, each downloaded over
WebHDFS into memory (GET op=OPEN, following the redirect), opened by h5py as a file image with the
core driver and backing_store=False, then turned into a DataFrame with its column names.

    old_approach.py [--urllib] check|export ROOT_URL DIR [OUT_DIR]

ROOT_URL is the REST root (http://127.0.0.1:PORT/webhdfs/v1), DIR an HDFS directory; every *.h5
file in it is processed. check: NaN/Inf counts and min/max per file; export: OUT_DIR/NAME.csv.
Downloads use `requests`, as the users' script did; --urllib uses the standard library instead,
which costs less per request (a faster baseline).
"""
import json
import sys
import urllib.request

import h5py
import numpy as np
import pandas as pd


def get_with_urllib(url):
    with urllib.request.urlopen(url) as response:  # follows the NameNode's 307 to the DataNode
        return response.read()


def get_with_requests(url):
    import requests

    response = requests.get(url)  # follows the NameNode's 307 to the DataNode
    response.raise_for_status()
    return response.content


def open_image(data, name):
    fapl = h5py.h5p.create(h5py.h5p.FILE_ACCESS)
    fapl.set_fapl_core(backing_store=False)
    fapl.set_file_image(data)
    fid = h5py.h5f.open(name.encode(), h5py.h5f.ACC_RDONLY, fapl=fapl)
    return h5py.File(fid)


def main():
    args = sys.argv[1:]
    get = get_with_urllib if args[0] == "--urllib" else get_with_requests
    args = args[1:] if args[0] == "--urllib" else args
    mode, root, directory = args[:3]
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
            frame.to_csv(f"{args[3]}/{name[:-3]}.csv")


if __name__ == "__main__":
    main()
