#!/usr/bin/env python3
"""Runs a command on a fresh pseudo-terminal, as a user at a terminal would.

usage: pty-run.py ROWS COLS WAIT_FOR ACTION [WAIT_FOR ACTION]... TIMEOUT -- CMD ARGS...
  WAIT_FOR  text the command's output must contain before ACTION ('' = act at once);
            pairs run in order, each waiting for new output after the last
  ACTION    ctrl-c (types ^C: the terminal sends SIGINT to the foreground group),
            sigterm (kill(2) to the command), none (let it end),
            type:TEXT (types TEXT, with \\r and \\n escapes, as a user at the keyboard)
  TIMEOUT   seconds to wait for the end after the last ACTION; then SIGKILL
Prints one JSON line: exit code or signal, whether WAIT_FOR was seen, whether
the command ended by itself after ACTION, the output's size and text, and the
terminal's echo/canonical modes after the end (a raw terminal left behind).
"""
import json, os, pty, select, signal, sys, termios, time, fcntl, struct

head = sys.argv[1:sys.argv.index('--')]
rows, cols, timeout = int(head[0]), int(head[1]), float(head[-1])
steps = [(head[i].encode(), head[i + 1]) for i in range(2, len(head) - 1, 2)]
wait_for, action = steps.pop(0)
cmd = sys.argv[sys.argv.index('--') + 1:]
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
pid = os.fork()
if pid == 0:
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.close(master)
    os.execvp(cmd[0], cmd)
out = b''
since = 0
seen = wait_for == b''
acted_at = None
deadline = time.time() + 60
status = None
while True:
    if status is None:
        p, st = os.waitpid(pid, os.WNOHANG)
        if p == pid:
            status = st
    r, _, _ = select.select([master], [], [], 0.05)
    if r:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            chunk = b''
        out += chunk
        if not chunk and status is not None:
            break
    elif status is not None:
        break
    if not seen and wait_for in out[since:]:
        seen = True
    if seen and acted_at is None and status is None:
        time.sleep(0.2)
        if action == 'ctrl-c':
            os.write(master, b'\x03')
        elif action == 'sigterm':
            os.kill(pid, signal.SIGTERM)
        elif action.startswith('type:'):
            os.write(master, action[5:].replace('\\r', '\r').replace('\\n', '\n').encode())
        if steps:
            since = len(out)
            wait_for, action = steps.pop(0)
            seen = wait_for == b''
            deadline = time.time() + 60
            continue
        acted_at = time.time()
        deadline = acted_at + timeout
    if status is None and time.time() > deadline:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        status = -1
        break
attrs = termios.tcgetattr(slave)
lflag = attrs[3]
res = {
    'exit': os.WEXITSTATUS(status) if status not in (None, -1) and os.WIFEXITED(status) else None,
    'signal': os.WTERMSIG(status) if status not in (None, -1) and os.WIFSIGNALED(status) else None,
    'killed': status == -1,
    'seen': seen,
    'secondsAfterAction': round(time.time() - acted_at, 2) if acted_at else None,
    'echo': bool(lflag & termios.ECHO),
    'icanon': bool(lflag & termios.ICANON),
    'outputBytes': len(out),
    'output': out.decode('utf-8', 'replace')[-2000:],
}
print(json.dumps(res))
