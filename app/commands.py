def dispatch(args):
    raise SystemExit("not yet")
