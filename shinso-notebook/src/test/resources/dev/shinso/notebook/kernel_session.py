"""Drives the installed "shinso" kernel the way a Jupyter frontend does (jupyter_client), checking
what the Java tests cannot see: messages, display ids, completion, inspection, and an interrupt that
stops an endless loop while the kernel lives on. Exits non-zero at the first failed check."""
import sys
import time

from jupyter_client.manager import start_new_kernel

checks = 0


def check(condition, what, detail=""):
    global checks
    if not condition:
        sys.exit(f"kernel session: FAILED: {what}\n{detail}")
    checks += 1


def session(km, kc):
    def run(code, timeout=120):
        """Executes a cell; returns the reply's content and the cell's output messages."""
        outputs = []
        reply = kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append)
        kept = [m for m in outputs
                if m["msg_type"] in ("stream", "display_data", "update_display_data", "execute_result", "error")]
        return reply["content"], kept

    reply, out = run('int a = 20;\nint b = a + 1;\nSystem.out.println("b is " + b);\nb * 2')
    check(reply["status"] == "ok", "a cell of several statements runs", reply)
    check([m["content"]["text"] for m in out if m["msg_type"] == "stream"] == ["b is 21\n"], "stdout is a stream", out)
    check(out[-1]["msg_type"] == "execute_result" and out[-1]["content"]["data"]["text/plain"] == "42",
          "the last expression is the result", out)

    reply, out = run('import dev.shinso.lecture.Figure;\n'
                     'Figure.of("line", "A line", "x", "y", '
                     'Figure.Series.line("y = x", new double[] {0, 1}, new double[] {0, 1}))')
    data = out[-1]["content"]["data"]
    check(data.get("image/png", "").startswith("iVBORw0KGgo"), "a Figure shows as a PNG", list(data))

    reply, out = run('var p = dev.shinso.notebook.Progress.start("steps", 3);\n'
                     'for (int i = 0; i < 3; i++) { Thread.sleep(300); p.step("at " + i); }')
    ids = {m["content"]["transient"]["display_id"] for m in out}
    kinds = [m["msg_type"] for m in out]
    check(len(ids) == 1 and kinds[0] == "display_data" and set(kinds[1:]) == {"update_display_data"},
          "progress is one display updated in place", out)
    check("3/3  at 2" in out[-1]["content"]["data"]["text/plain"], "the last update shows the last step", out[-1])

    reply, out = run('int c = 1;\nint d = "text";')
    check(reply["status"] == "error" and reply["ename"] == "CompileError", "a compile error is an error reply", reply)
    check(out[-1]["content"]["traceback"][0].startswith("line 2: incompatible types"), "it names the cell's line", out)

    msg_id = kc.execute("long n = 0;\nwhile (true) { n++; }")
    time.sleep(3)
    km.interrupt_kernel()  # the kernelspec's interrupt_mode is "message": an interrupt_request on control
    reply = kc.get_shell_msg(timeout=60)
    check(reply["parent_header"]["msg_id"] == msg_id and reply["content"]["ename"] == "Interrupted",
          "an interrupt stops an endless loop", reply["content"])
    reply, out = run("n > 0")
    check(km.is_alive() and out[-1]["content"]["data"]["text/plain"] == "true", "the kernel lives on after it", out)

    reply = kc.complete("Math.ma", 7, reply=True, timeout=30)["content"]
    check("max(" in reply["matches"] and reply["cursor_start"] == 5, "completion", reply)
    reply = kc.inspect("Math.max(1, 2)", 6, reply=True, timeout=30)["content"]
    check(reply["found"] and "Math.max(int a, int b)" in reply["data"]["text/plain"], "inspection", reply)


def main():
    km, kc = start_new_kernel(kernel_name="shinso", startup_timeout=120)
    try:
        session(km, kc)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    print(f"kernel session: {checks} checks passed")


if __name__ == "__main__":
    main()
