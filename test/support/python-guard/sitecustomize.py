# I/O: loaded by every Python the tests start (PYTHONPATH): refuses connections and name lookups outside 127.0.0.0/8,
# like network-guard.cjs does for Node, so a wrong astroquery setting fails instead of reaching a real archive.
import ipaddress
import socket

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_local(host):
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host).strip("[]")
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_getaddrinfo = socket.getaddrinfo


def _guarded_getaddrinfo(host, *args, **kwargs):
    if not _is_local(host):
        raise OSError(f"cdr test network guard: refusing to resolve {host} (only 127.0.0.0/8 is allowed)")
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _guarded_getaddrinfo

_connect = socket.socket.connect


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        raise OSError(f"cdr test network guard: refusing to connect to {address[0]} (only 127.0.0.0/8 is allowed)")
    return _connect(self, address)


socket.socket.connect = _guarded_connect
