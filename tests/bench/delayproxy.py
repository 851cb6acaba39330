#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Latency in front of a server on loopback without tc/netem (which would slow every loopback user
# of this shared machine): a TCP proxy that holds each chunk from client to server (a request)
# DELAY_MS before forwarding it, so every answer comes that much later. Answers pass at once;
# keep-alive connections stay as they are.
#   delayproxy.py DELAY_MS LOG TARGET_PORT...
# Listens on 127.0.0.1, a free port for each 127.0.0.1:TARGET_PORT; prints one JSON line
# {"TARGET_PORT": PROXY_PORT, ...}; appends "TARGET_PORT REQUEST_LINE" to LOG for each HTTP request
# forwarded, so a caller can check that nothing bypassed the proxy. Exits at the end of stdin.
import asyncio
import json
import sys

METHODS = {b'GET', b'PUT', b'POST', b'DELETE', b'HEAD', b'OPTIONS'}


async def pipe(reader, writer, delay, log=None):
    try:
        while data := await reader.read(1 << 16):
            if log and data.split(b' ', 1)[0] in METHODS:
                log(data.split(b'\r\n', 1)[0])
            if delay:
                await asyncio.sleep(delay)
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


def forwarder(target, delay, log):
    """Serves one client: a connection of its own to 127.0.0.1:target, requests delayed and logged."""
    async def serve(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection('127.0.0.1', target)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer, delay, lambda line: log(target, line)),
                             pipe(server_reader, client_writer, 0))
    return serve


async def main(delay_ms, log_path, targets):
    with open(log_path, 'ab', buffering=0) as log_file:
        def log(target, line):
            log_file.write(b'%d %s\n' % (target, line))
        ports = {}
        for target in targets:
            server = await asyncio.start_server(forwarder(target, delay_ms / 1000, log), '127.0.0.1', 0)
            ports[str(target)] = server.sockets[0].getsockname()[1]
        print(json.dumps(ports), flush=True)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)


if __name__ == '__main__':
    asyncio.run(main(int(sys.argv[1]), sys.argv[2], [int(port) for port in sys.argv[3:]]))
