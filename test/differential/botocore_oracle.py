# Differential oracle: reads scenarios (JSON lines on stdin), resolves each with the real botocore, prints JSON lines.
# Run with Debian's /usr/bin/python3 (botocore 1.29.27). Each scenario replaces os.environ entirely, so nothing
# inherited (AWS_*, HOME) leaks in; sockets may only reach 127.0.0.0/8, so IMDS (169.254.169.254) cannot be contacted.
import json
import os
import socket
import sys

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _loopback(address):
    host = address[0] if isinstance(address, tuple) else address
    return isinstance(host, str) and (host.startswith('127.') or host in ('::1', 'localhost'))


def _guard(fn):
    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address):
            raise ConnectionRefusedError('oracle network guard: only 127.0.0.0/8 may be contacted, not %r' % (address,))
        return fn(self, address)
    return connect


socket.socket.connect = _guard(_real_connect)
socket.socket.connect_ex = _guard(_real_connect_ex)

import botocore  # noqa: E402
import botocore.credentials  # noqa: E402
import botocore.session  # noqa: E402
import botocore.utils  # noqa: E402

# Same behaviour, no 1 s sleeps between the container retries.
botocore.utils.ContainerMetadataFetcher.SLEEP_TIME = 0


def resolve(sc):
    env = sc['env']
    if env.get('AWS_EC2_METADATA_DISABLED', '').lower() != 'true':
        endpoint = env.get('AWS_EC2_METADATA_SERVICE_ENDPOINT', '')
        if not endpoint.startswith('http://127.'):
            return {'id': sc['id'], 'refused': 'IMDS would not be disabled nor pointed at 127.0.0.1'}
    os.environ.clear()
    os.environ.update(env)
    botocore.credentials.BotoProvider.DEFAULT_CONFIG_FILENAMES = [sc['systemBotoConfig'], '~/.boto']
    out = {'id': sc['id'], 'source': None, 'profile': None, 'region': None, 'error': None, 'message': None}
    try:
        session = botocore.session.Session(profile=sc.get('profile'))
        # boto3.Session() reads data_path while setting up its loader; that is where boto3 users see parse errors
        # and ProfileNotFound even with explicit keys, so the oracle does the same.
        session.get_config_variable('data_path')
        keys = sc.get('explicitKeys')
        if keys:
            session.set_credentials(keys['accessKeyId'], keys['secretAccessKey'], keys.get('sessionToken'))
        out['profile'] = session.profile
        creds = session.get_credentials()
        out['source'] = creds.method if creds is not None else None
        out['region'] = session.get_config_variable('region')
    except Exception as e:  # the class name is what we compare
        out['error'] = type(e).__name__
        out['message'] = str(e)[:300]
    return out


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        sys.stdout.write(json.dumps(resolve(json.loads(line))) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
