"""python -m bench serve [--edits N] | load [--clients N --requests M]"""

import argparse

from . import load, serve_latency

parser = argparse.ArgumentParser(prog="python -m bench")
commands = parser.add_subparsers(dest="command", required=True)
s = commands.add_parser("serve", help="edit-to-reload latency of site-builder serve on the CS231n notes")
s.add_argument("--edits", type=int, default=20)
s.add_argument("--copies", type=int, default=1)
s.set_defaults(run=serve_latency.main)
ld = commands.add_parser("load", help="loopback load test of the preview server during rebuilds")
ld.add_argument("--clients", type=int, default=20)
ld.add_argument("--requests", type=int, default=500)
ld.set_defaults(run=load.main)
args = parser.parse_args()
args.run(args)
