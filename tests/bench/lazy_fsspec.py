#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# The peer of bench_lazyopen's lazy open: fsspec's WebHDFS file object under h5py, as Python users
# read a large remote HDF5 file. Modes:
#   lazy_fsspec.py write FILE GIB     a FILE of GIB GiB: a float64 dataset that fills it (sparse on
#                                     disk, never written but its last element), chunked float64
#                                     datasets and a pandas table-format frame written after it
#   lazy_fsspec.py open PORT PATH [DATA_PROXY]
#                                     time to the tree (every object visited, its attributes read)
#                                     and to the frame's first 100 rows; prints one JSON line.
#                                     DATA_PROXY: fsspec's data_proxy as JSON, {"host:port": "host2:port2"}
import json
import sys
import time


def write(path, gib):
    import h5py
    import numpy as np
    import pandas as pd
    rows = (gib << 30) // 8
    with h5py.File(path, 'w') as f:
        raw = f.create_dataset('raw', shape=(rows,), dtype='f8')
        raw[-1] = 1.0  # allocates the whole contiguous dataset; the file system keeps the hole
        for i in range(4):
            g = f.create_group(f'run_{i}')
            g.attrs['index'] = i
            g.create_dataset('trace', data=np.random.default_rng(i).standard_normal((200_000, 8)),
                             chunks=(8192, 8), compression='gzip')
    frame = pd.DataFrame(np.random.default_rng(7).standard_normal((500_000, 6)), columns=list('abcdef'))
    frame.to_hdf(path, key='frame', format='table', mode='a')


def open_remote(port, path, data_proxy):
    import fsspec
    import h5py
    started = time.monotonic()
    fs = fsspec.filesystem('webhdfs', host='127.0.0.1', port=int(port), user='analyst', data_proxy=data_proxy)
    counted = {'requests': 0, 'bytes': 0}

    def count(response, *args, **kwargs):
        counted['requests'] += 1
        counted['bytes'] += int(response.headers.get('Content-Length', 0) or 0)
    fs.session.hooks['response'].append(count)
    with fs.open(path, 'rb') as remote, h5py.File(remote, 'r') as f:
        def visit(name, obj):
            dict(obj.attrs)
        f.visititems(visit)
        tree = time.monotonic() - started
        f['frame/table'][:100]
        page = time.monotonic() - started
    print(json.dumps({'tree': tree, 'page': page, 'requests': counted['requests'], 'bytes': counted['bytes'],
                      'peak_rss_mib': peak_rss_mib()}))


def peak_rss_mib():
    # VmHWM, not getrusage's ru_maxrss: that keeps the peak of the process that forked and exec'd us.
    with open('/proc/self/status') as status:
        for line in status:
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) / 1024
    return 0


if __name__ == '__main__':
    if sys.argv[1] == 'write':
        write(sys.argv[2], int(sys.argv[3]))
    else:
        open_remote(sys.argv[2], sys.argv[3], json.loads(sys.argv[4]) if len(sys.argv) > 4 else None)
