"""Offline guard for notebook kernels started by ``analysis.reproduce``.

The runner puts this folder first on the kernel's ``PYTHONPATH`` when it runs
offline (the default, and always in the tests). Python imports
``sitecustomize`` at start-up, so before any notebook code runs, every
attempt to open a connection to anything but this machine (loopback or a
Unix socket) raises ``OSError`` -- no packet leaves the machine.
"""

import socket as _socket

_ALLOWED_HOSTS = {"localhost", "127.0.0.1", "::1", ""}


class NetworkBlockedError(OSError):
    """Raised when code in an offline kernel tries to reach the network."""


def _is_local(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0] if isinstance(address, tuple) and address else address
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host)
    return host in _ALLOWED_HOSTS or host.startswith("127.")


def _guard(original):
    def guarded(self, address, *args, **kwargs):
        if self.family != getattr(_socket, "AF_UNIX", None) and not _is_local(address):
            raise NetworkBlockedError(
                f"network access blocked while running notebooks offline: {address!r}"
            )
        return original(self, address, *args, **kwargs)

    guarded._analysis_offline_guard = True
    return guarded


def _guard_getaddrinfo(original):
    def getaddrinfo(host, *args, **kwargs):
        if host is not None and not _is_local((host,)):
            raise NetworkBlockedError(
                f"network access blocked while running notebooks offline: {host!r}"
            )
        return original(host, *args, **kwargs)

    getaddrinfo._analysis_offline_guard = True
    return getaddrinfo


_socket.socket.connect = _guard(_socket.socket.connect)
_socket.socket.connect_ex = _guard(_socket.socket.connect_ex)
_socket.getaddrinfo = _guard_getaddrinfo(_socket.getaddrinfo)


def _guard_sendto(original):
    def sendto(self, data, *args):
        address = args[-1] if args else None
        if self.family != getattr(_socket, "AF_UNIX", None) and not _is_local(address):
            raise NetworkBlockedError(
                f"network access blocked while running notebooks offline: {address!r}"
            )
        return original(self, data, *args)

    sendto._analysis_offline_guard = True
    return sendto


_socket.socket.sendto = _guard_sendto(_socket.socket.sendto)
