"""What a credentials login costs in password hashing, per hasher, side by side.

    python bench/password_hashing.py [--rounds 20]

Prints, for each hasher in ``PASSWORD_HASHERS`` order (Argon2 first: the one new passwords
get) and for Django's PBKDF2 default, the CPU and wall time of one ``check_password`` and the
logins one core can verify per second. Rounds are interleaved so that a busy shared machine
affects every hasher alike. Argon2 also holds ``memory_cost`` KiB per check while it runs.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopsite.settings")

import django

django.setup()

from django.contrib.auth.hashers import get_hasher  # noqa: E402

HASHERS = ["argon2", "pbkdf2_sha256"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    encoded = {
        name: get_hasher(name).encode("Demo!Passw0rd", get_hasher(name).salt()) for name in HASHERS
    }
    cpu = {name: [] for name in HASHERS}
    wall = {name: [] for name in HASHERS}
    for _ in range(rounds):
        for name in HASHERS:
            hasher = get_hasher(name)
            cpu_start, wall_start = time.process_time(), time.perf_counter()
            assert hasher.verify("Demo!Passw0rd", encoded[name])
            cpu[name].append((time.process_time() - cpu_start) * 1000)
            wall[name].append((time.perf_counter() - wall_start) * 1000)
    print(f"{'hasher':<16}{'cpu ms':>10}{'wall ms':>10}{'logins/s/core':>16}  parameters")
    for name in HASHERS:
        hasher = get_hasher(name)
        cpu_ms, wall_ms = statistics.median(cpu[name]), statistics.median(wall[name])
        params = {
            key: getattr(hasher, key)
            for key in ("iterations", "time_cost", "memory_cost", "parallelism")
            if hasattr(hasher, key)
        }
        print(f"{name:<16}{cpu_ms:>10.1f}{wall_ms:>10.1f}{1000 / cpu_ms:>16.1f}  {params}")


if __name__ == "__main__":
    main()
