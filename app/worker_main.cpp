// SPDX-License-Identifier: MIT
// h5hdfs-worker: everything it does is in the engine (core/engine/worker/h5workerserver.h); the
// test build adds requests that attempt forbidden operations (workertesthooks.h).
#include "worker/h5workerserver.h"
#ifdef H5HDFS_TEST_REQUESTS
#include "workertesthooks.h"
#endif

using namespace H5Hdfs;

int main(int argc, char* argv[])
{
#ifdef H5HDFS_TEST_REQUESTS
    return H5WorkerServer::run(argc, argv, H5HDFS_VERSION, &WorkerTestHooks::answer);
#else
    return H5WorkerServer::run(argc, argv, H5HDFS_VERSION);
#endif
}
