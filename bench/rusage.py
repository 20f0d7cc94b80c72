#!/usr/bin/env python3
"""Runs each command of a JSON list (argv arrays, or {"argv": [...], "env":
{...}} for a command with variables of its own) once, in order, ROUNDS times
(interleaved), and prints one JSON line per run: index, user+sys CPU and wall
in ms, peak RSS in KiB, exit status. CPU comes from wait4's rusage, in
microseconds (GNU time prints hundredths of a second, too coarse here)."""
import json, os, sys, time

cmds = json.loads(sys.argv[1])
rounds = int(sys.argv[2])
devnull = os.open(os.devnull, os.O_RDWR)
for r in range(rounds):
    for i, cmd in enumerate(cmds):
        argv, env = (cmd["argv"], {**os.environ, **cmd["env"]}) if isinstance(cmd, dict) else (cmd, None)
        t0 = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            os.dup2(devnull, 0); os.dup2(devnull, 1); os.dup2(devnull, 2)
            try:
                if env is None:
                    os.execvp(argv[0], argv)
                else:
                    os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        _, status, ru = os.wait4(pid, 0)
        wall = (time.perf_counter() - t0) * 1000
        print(json.dumps({"i": i, "round": r, "cpu": (ru.ru_utime + ru.ru_stime) * 1000, "wall": wall,
                          "rss": ru.ru_maxrss, "status": os.waitstatus_to_exitcode(status)}), flush=True)
