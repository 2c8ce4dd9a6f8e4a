"""Analysis commands on bad input: a missing file, a file that is not a
trace, an empty file give exit 2 and one message; a trace cut short reads
up to its last intact chunk and says truncated; a corrupted one never
crashes the CLI."""

import os
import struct

from memscope_harness import record_ground_truth

COMMANDS = (("summary",), ("top", "--by", "peak"), ("leaks",))
HEADER_SIZE_OFFSET = 12  # FileHeaderFixed.header_size, src/format/file_layout.h


def analyze(h, command, trace):
    return h.analyze(command[0], trace, *command[1:])


def check_rejected(h, check, trace, label):
    for command in COMMANDS:
        result = analyze(h, command, trace)
        check.eq(f"{command[0]} on {label}: exit", result.returncode, 2)
        message = result.stderr.strip()
        check.true(f"{command[0]} on {label}: one message on stderr",
                   message and len(message.splitlines()) == 1, repr(message[:300]))


def write_file(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


def run(h, check):
    check_rejected(h, check, os.path.join(h.workdir, "missing.mst"), "a missing file")
    check_rejected(h, check, write_file(os.path.join(h.workdir, "text.mst"),
                                        b"this is not a memscope trace\n" * 20), "a text file")
    check_rejected(h, check, write_file(os.path.join(h.workdir, "empty.mst"), b""),
                   "an empty file")

    _, gt, trace = record_ground_truth(h, check, "temporaries")
    with open(trace, "rb") as f:
        data = f.read()
    full = h.summary(check, trace)
    check.eq("complete trace: allocation_calls", full.get("allocation_calls"),
             gt["allocation_calls"])

    # Dropping the last byte only damages the end-of-trace chunk: every
    # event chunk is still intact.
    without_end = write_file(os.path.join(h.workdir, "without_end.mst"), data[:-1])
    s = h.summary(check, without_end)
    check.eq("cut before the end marker: truncated", s.get("truncated"), True)
    check.eq("cut before the end marker: allocation_calls", s.get("allocation_calls"),
             gt["allocation_calls"])

    header_size = struct.unpack_from("<I", data, HEADER_SIZE_OFFSET)[0]
    header_only = write_file(os.path.join(h.workdir, "header_only.mst"),
                             data[:header_size + 10])
    s = h.summary(check, header_only)
    check.eq("cut inside the first chunk: truncated", s.get("truncated"), True)
    check.eq("cut inside the first chunk: allocation_calls", s.get("allocation_calls"), 0)

    check_rejected(h, check, write_file(os.path.join(h.workdir, "half_header.mst"),
                                        data[:header_size // 2]), "a cut header")

    for position in (header_size + 40, len(data) // 2, len(data) - 40):
        damaged = bytearray(data)
        for i in range(position, min(position + 8, len(damaged))):
            damaged[i] ^= 0x5A
        path = write_file(os.path.join(h.workdir, f"corrupt_{position}.mst"), bytes(damaged))
        for command in COMMANDS:
            result = analyze(h, command, path)
            check.true(f"{command[0]} on bytes flipped at {position}: exit 0 or 2, no crash",
                       result.returncode in (0, 2),
                       f"exit {result.returncode}: {result.stderr.strip()[:300]}")
            if result.returncode == 0:
                check.true(f"{command[0]} on bytes flipped at {position}: valid JSON",
                           result.json is not None)
