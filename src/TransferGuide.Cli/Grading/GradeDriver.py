# Runs one submission through Jupyter's nbclient and the .NET kernel, cell by cell, for `tg grade`.
# The notebook (hidden tests included) comes on stdin and never touches the disk the submission can see.
# Each executed cell goes to stdout at once as one JSON line, so a run killed at its wall-time cap still
# leaves the cells it finished. A cell that runs past its timeout, or kills the kernel (a memory cap), is
# reported, then the kernel is started afresh, the cells that worked before it are replayed silently and the
# run goes on after it: one runaway exercise fails alone.
# Arguments: kernel name, cell timeout (s), output cap per cell (characters), restarts allowed.
import json, os, subprocess, sys
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

kernel, timeout, cap, restarts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
nb = nbformat.reads(sys.stdin.read(), as_version=4)
out = sys.stdout


def emit(record):
    out.write(json.dumps(record) + "\n")
    out.flush()


def text_of(output):
    if output.get("output_type") == "stream":
        return output.get("text", "")
    if output.get("output_type") == "error":
        return output.get("ename", "") + ": " + output.get("evalue", "")
    data = output.get("data", {})
    return data.get("text/plain", "") or ""


def capped(outputs):
    # Only text reaches the grader, at most `cap` characters per cell: a flood of output cannot fill its memory.
    kept, size, cut = [], 0, False
    for o in outputs:
        t = text_of(o)
        kind = o.get("output_type")
        if size + len(t) > cap:
            t = t[: max(0, cap - size)]
            cut = True
        size += len(t)
        kept.append({"type": kind, "text": t})
        if cut:
            break
    return kept, cut


code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
skip, done_ok = set(), set()
resume_at = 0
for attempt in range(restarts + 1):
    # A loaded machine can take minutes to start a kernel: that must not fail the submission.
    client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, allow_errors=True, startup_timeout=max(300, timeout),
                            resources={"metadata": {"path": os.getcwd()}})
    failed_at = None
    try:
        with client.setup_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
            for i in code:
                if i in skip or (i < resume_at and i not in done_ok):
                    continue
                cell = nb.cells[i]
                try:
                    client.execute_cell(cell, i)
                except CellTimeoutError:
                    emit({"index": i, "id": cell.get("id"), "status": "timeout", "outputs": []})
                    failed_at = i
                    break
                except DeadKernelError:
                    emit({"index": i, "id": cell.get("id"), "status": "kernel-died", "outputs": []})
                    failed_at = i
                    break
                if i < resume_at:
                    continue  # a replay: its result was reported before the restart
                outputs, cut = capped(cell.get("outputs", []))
                error = any(o["type"] == "error" for o in outputs)
                if not error:
                    done_ok.add(i)
                emit({"index": i, "id": cell.get("id"), "status": "error" if error else "ok", "outputs": outputs, "truncated": cut})
    except DeadKernelError:
        pass  # the kernel died while shutting down: the cell it died in was reported
    if failed_at is None:
        break
    skip.add(failed_at)
    resume_at = failed_at + 1
    if attempt == restarts:
        emit({"index": -1, "status": "gave-up", "outputs": []})
emit({"index": -1, "status": "end", "outputs": []})
