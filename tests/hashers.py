"""A password hasher that counts its work, to compare what different failures cost."""

from django.contrib.auth.hashers import MD5PasswordHasher


class CountingHasher(MD5PasswordHasher):
    """MD5 (the test suite's hasher, same ``algorithm``) plus a count of hashes computed."""

    computed = 0

    def encode(self, password, salt):
        CountingHasher.computed += 1
        return super().encode(password, salt)
