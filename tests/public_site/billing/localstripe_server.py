"""Runs localstripe on an IPv4 loopback port with its state in this process only.

localstripe's own entry point binds IPv6 ``::`` (absent on some CI machines) and reloads and
rewrites one shared ``/tmp/localstripe.pickle`` on every write, so a run killed mid-write or
another checkout's run can leave a file that stops the next start.
"""

import sys

from aiohttp import web
from localstripe import resources, server

resources.Store.dump_to_disk = lambda self: None

if __name__ == "__main__":
    web.run_app(server.app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)
