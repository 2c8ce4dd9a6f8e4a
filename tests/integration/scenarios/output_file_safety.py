"""The trace file is created mode 0600, never through a symlink, and never
over an existing file unless --force is given."""

import os


def run(h, check):
    program = h.program("basic_counts")

    existing = os.path.join(h.workdir, "existing.mst")
    with open(existing, "w") as f:
        f.write("keep me\n")
    completed = h.run_command([h.memscope, "run", "-o", existing, "--", program])
    with open(existing) as f:
        check.eq("existing file untouched without --force", f.read(), "keep me\n")
    check.true("refusal explained on stderr", completed.stderr.strip(), "no message")

    completed = h.run_command([h.memscope, "run", "--force", "-o", existing, "--", program])
    check.eq("--force run exit", completed.returncode, 0)
    result = h.analyze("summary", existing)
    check.eq("--force replaced the file with a trace", result.returncode, 0)
    check.eq("--force trace mode", oct(os.stat(existing).st_mode & 0o777), oct(0o600))

    victim = os.path.join(h.workdir, "victim.txt")
    with open(victim, "w") as f:
        f.write("precious\n")
    link = os.path.join(h.workdir, "link.mst")
    os.symlink(victim, link)
    h.run_command([h.memscope, "run", "--force", "-o", link, "--", program])
    with open(victim) as f:
        check.eq("symlink target untouched, even with --force", f.read(), "precious\n")

    fresh = os.path.join(h.workdir, "fresh.mst")
    old_umask = os.umask(0)  # 0600 must come from memscope, not from the umask
    try:
        completed = h.run_command([h.memscope, "run", "-o", fresh, "--", program])
    finally:
        os.umask(old_umask)
    check.eq("fresh run exit", completed.returncode, 0)
    check.true("fresh trace exists", os.path.isfile(fresh))
    if os.path.isfile(fresh):
        check.eq("fresh trace mode", oct(os.stat(fresh).st_mode & 0o777), oct(0o600))
