#!/usr/bin/env python3
"""Checks a Shangmi existence-proof receipt with no Shangmi code: Python's standard library and the openssl command.

usage: python3 proofs-verify.py RECEIPT.tlog-proof 'VERIFIER_KEY' [FILE ...]
VERIFIER_KEY is the log's key as published at GET /api/proofs/log-key: <name>+<hex key id>+<base64(0x01 || key)>.
Formats: c2sp.org/tlog-proof@v1, c2sp.org/tlog-checkpoint, c2sp.org/signed-note (Ed25519), RFC 9162 section 2.1.
"""
import base64, hashlib, os, struct, subprocess, sys, tempfile

receipt, vkey, files = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2], sys.argv[3:]
sha = lambda *parts: hashlib.sha256(b"".join(parts)).digest()
fail = lambda why: sys.exit(f"INVALID: {why}")

# 1. the receipt: header, extra, index, proof hashes, blank line, the signed checkpoint
lines = receipt.split("\n")
assert lines[0] == "c2sp.org/tlog-proof@v1" and lines[1].startswith("extra ") and lines[2].startswith("index ")
extra = base64.b64decode(lines[1][6:]).decode().split("\n")
index, at = int(lines[2][6:]), 3
proof = []
while lines[at]:
    proof.append(base64.b64decode(lines[at])); at += 1
note = "\n".join(lines[at + 1:])
body, sigs = note[: note.rindex("\n\n") + 1], note[note.rindex("\n\n") + 2 :].splitlines()

# 2. the files: SHA-256 and SM3 of each must be in the receipt's extra ("file <sha256> <sm3>" lines)
assert extra[0] == "shangmi-proof/v1"
time_ms, salt, meta = int(extra[1][5:]), bytes.fromhex(extra[2][5:]), bytes.fromhex(extra[3][5:])
digests = [(bytes.fromhex(l.split()[1]), bytes.fromhex(l.split()[2])) for l in extra[4:] if l]
for f in files:
    data = open(f, "rb").read()
    if (sha(data), hashlib.new("sm3", data).digest()) not in digests: fail(f"{f} is not the file that was deposited")

# 3. commitment = SHA-256(salt || sha256_1 || sm3_1 || ... || metadata digest); entry = 0x01 || commitment || u64 ms
commitment = sha(salt, *[a + b for a, b in digests], meta)
entry = b"\x01" + commitment + struct.pack(">Q", time_ms)
leaf = sha(b"\x00", entry)

# 4. RFC 9162 2.1.3.2: the inclusion proof leads from the leaf to the checkpoint's root
origin, size, root = body.split("\n")[0], int(body.split("\n")[1]), base64.b64decode(body.split("\n")[2])
fn, sn, r = index, size - 1, leaf
for p in proof:
    if sn == 0: fail("proof too long")
    if fn % 2 == 1 or fn == sn:
        r = sha(b"\x01", p, r)
        while fn % 2 == 0 and fn != 0: fn, sn = fn >> 1, sn >> 1
    else:
        r = sha(b"\x01", r, p)
    fn, sn = fn >> 1, sn >> 1
if sn != 0 or r != root: fail("inclusion proof does not lead to the checkpoint root")

# 5. signed-note: key id = SHA-256(name || 0x0A || 0x01 || key)[:4]; Ed25519 signature over the note text, by openssl
name, key_id, raw = vkey.split("+", 2)
raw = base64.b64decode(raw)
assert raw[0] == 1 and sha(name.encode(), b"\n", raw[:1], raw[1:])[:4].hex() == key_id, "verifier key id mismatch"
sig = next((base64.b64decode(s.split(" ")[2]) for s in sigs if s.split(" ")[1] == name and base64.b64decode(s.split(" ")[2])[:4].hex() == key_id), None)
if sig is None: fail("checkpoint not signed by this key")
with tempfile.TemporaryDirectory() as d:
    der = bytes.fromhex("302a300506032b6570032100") + raw[1:]  # SubjectPublicKeyInfo of an Ed25519 key
    open(os.path.join(d, "pub.pem"), "w").write("-----BEGIN PUBLIC KEY-----\n" + base64.b64encode(der).decode() + "\n-----END PUBLIC KEY-----\n")
    open(os.path.join(d, "msg"), "wb").write(body.encode())
    open(os.path.join(d, "sig"), "wb").write(sig[4:])
    ok = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "msg", "-sigfile", "sig"], cwd=d, capture_output=True)
if ok.returncode != 0: fail("checkpoint signature does not verify")
print(f"VALID: entry {index} of {origin} (tree size {size}), committed at {time_ms} ms since 1970 (UTC); {len(files)} file(s) matched")
