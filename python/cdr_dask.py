#!/usr/bin/env python3
# I/O: runs the shards of a `cdr plan` on a Dask cluster: one task per shard, each running `cdr get --plan` on a worker.
"""Run a cdr plan on Dask.

    python3 cdr_dask.py PLAN_DIR [--scheduler ADDRESS | --workers N] [--retries R] [--cdr "cdr"] [--shards 3,7]

Connects to a running scheduler (``--scheduler tcp://host:8786``, or ``DASK_SCHEDULER_ADDRESS``) or starts a
``LocalCluster`` with N worker processes on this machine. Each task runs ``cdr get --plan PLAN_DIR/shard-K.jsonl`` in a
subprocess on its worker; a shard that fails is retried (``retries=``), and a rerun skips the files already done, so
a retry resumes. A shard whose worker dies is rescheduled by Dask. The run ends with ``cdr plan --status PLAN_DIR``
(the merged manifest) and exits non-zero unless every file is COMPLETE or SKIPPED.

From a notebook with an existing client (Dask Gateway, a Slurm-backed dask-jobqueue cluster, ...)::

    from cdr_dask import run_plan
    run_plan(client, "/shared/plans/survey", cdr="cdr")

Standard library plus ``distributed`` only. PLAN_DIR and the plan's destination must be on storage every worker sees.
"""
import argparse
import ctypes
import json
import os
import shlex
import signal
import subprocess
import sys

PR_SET_PDEATHSIG = 1


def _die_with_parent():
    # The worker runs cdr as a child; if the worker process is killed, its cdr must die too, or a rescheduled copy of
    # the shard would race an orphan writing the same files. Linux only; elsewhere nothing is set.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def run_shard(cdr, shard_path, extra_args=()):
    """The task: one shard on this worker. Raises when cdr exits non-zero, so Dask retries it."""
    proc = subprocess.run(
        [*cdr, "get", "--plan", shard_path, *extra_args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-5:])
        raise RuntimeError(f"cdr get --plan {shard_path} exited {proc.returncode} on pid {os.getpid()}: {tail}")
    return {"shard": shard_path, "pid": os.getpid(), "out": proc.stdout.strip()}


def _cdr_version(cdr):
    try:
        return subprocess.run([*cdr, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
    except OSError as e:
        return f"not found: {e}"


def shard_paths(plan_dir, only=None):
    with open(os.path.join(plan_dir, "plan.json"), encoding="utf-8") as f:
        plan = json.load(f)
    shards = plan["shards"]
    if only is not None:
        known = {s["index"] for s in shards}
        unknown = sorted(set(only) - known)
        if unknown:
            raise SystemExit(f"cdr_dask: plan {plan['planId']} has no shard {unknown[0]} (0–{len(shards) - 1})")
        shards = [s for s in shards if s["index"] in set(only)]
    return plan, [os.path.join(plan_dir, s["file"]) for s in shards]


def run_plan(client, plan_dir, cdr="cdr", retries=3, only=None, extra_args=(), progress=True):
    """Submits one task per shard to ``client``, waits (showing Dask's progress), returns ``cdr plan --status``'s code."""
    from distributed import progress as dask_progress, wait

    cdr_cmd = shlex.split(cdr) if isinstance(cdr, str) else list(cdr)
    plan_dir = os.path.abspath(plan_dir)
    plan, paths = shard_paths(plan_dir, only)
    # Fail fast, with the reason, when a worker cannot run cdr at all (not on PATH, wrong Node).
    for addr, out in client.run(_cdr_version, cdr_cmd).items():
        if not out.strip() or "not found" in out:
            raise SystemExit(f"cdr_dask: worker {addr} cannot run {cdr!r}: {out.strip()}")
    print(f"cdr_dask: plan {plan['planId']}: {len(paths)} shards on {len(client.scheduler_info()['workers'])} workers")
    futures = [
        client.submit(run_shard, cdr_cmd, p, tuple(extra_args), key=f"cdr-{plan['planId'][:8]}-{os.path.basename(p)}",
                      retries=retries, pure=False)
        for p in paths
    ]
    if progress:
        dask_progress(futures)
        print()
    wait(futures)
    for f in futures:
        if f.status != "finished":
            print(f"cdr_dask: {f.key}: {f.status}: {f.exception()}", file=sys.stderr)
    status = subprocess.run([*cdr_cmd, "plan", "--status", plan_dir])
    return status.returncode


def main(argv=None):
    ap = argparse.ArgumentParser(description="Run a cdr plan's shards on Dask (one task per shard).")
    ap.add_argument("plan_dir")
    ap.add_argument("--scheduler", default=os.environ.get("DASK_SCHEDULER_ADDRESS"),
                    help="address of a running scheduler (default: start a LocalCluster here)")
    ap.add_argument("--workers", type=int, default=4, help="LocalCluster worker processes (default 4)")
    ap.add_argument("--retries", type=int, default=3, help="retries of a failed shard (default 3)")
    ap.add_argument("--cdr", default=os.environ.get("CDR", "cdr"), help='how to run cdr on the workers (default "cdr")')
    ap.add_argument("--shards", help="only these shard indices, e.g. 3,7 (the rerun that cdr plan --status suggests)")
    ap.add_argument("--no-progress", action="store_true")
    ap.epilog = "Options after -- go to cdr get on the workers, e.g. -- --concurrency 4"
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    a = ap.parse_args(argv[: argv.index("--")] if "--" in argv else argv)
    only = [int(x) for x in a.shards.split(",")] if a.shards else None

    from distributed import Client, LocalCluster

    if a.scheduler:
        with Client(a.scheduler) as client:
            return run_plan(client, a.plan_dir, a.cdr, a.retries, only, extra, not a.no_progress)
    # One thread per worker: cdr parallelises inside a shard already; Dask spreads shards over processes.
    with LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        return run_plan(client, a.plan_dir, a.cdr, a.retries, only, extra, not a.no_progress)


if __name__ == "__main__":
    sys.exit(main())
