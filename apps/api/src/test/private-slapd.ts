import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './processes.ts';

/**
 * A throwaway OpenLDAP server (Debian's slapd) from its own slapd.conf in a temporary folder, on free ports:
 * `ldap://` (StartTLS) and `ldaps://` on 127.0.0.1, and the same ldaps port on 127.0.0.2, whose address the
 * certificate does not name (the mismatch case). TLS uses a test CA generated here. /etc/ldap is never touched:
 * only the packaged schema files are read.
 */
export interface PrivateSlapd {
  ldapUrl: string;
  ldapsUrl: string;
  /** Same server, an address missing from its certificate. */
  mismatchedUrl: string;
  caFile: string;
  /** A CA that signed nothing here. */
  otherCaFile: string;
  base: string;
  rootDn: string;
  rootPassword: string;
  /** Runs an LDIF change (ldapmodify) as the root DN. */
  modify(ldif: string): void;
  stop(): Promise<void>;
}

export const SLAPD = '/usr/sbin/slapd';
const FIXTURES = fileURLToPath(new URL('./ldap/', import.meta.url));
const SCHEMA = '/etc/ldap/schema';

export const slapdAvailable = (): boolean => existsSync(SLAPD) && existsSync('/usr/bin/ldapadd') && existsSync(join(SCHEMA, 'inetorgperson.schema'));

function run(command: string, args: string[], input?: string): void {
  const result = spawnSync(command, args, { encoding: 'utf8', input });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
}

function makeCa(dir: string, name: string): void {
  run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.pem`)]);
}

function makeCertificates(dir: string): void {
  makeCa(dir, 'test-ca');
  makeCa(dir, 'other-ca');
  run('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'server.key'), '-out', join(dir, 'server.csr')]);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  run('openssl', ['x509', '-req', '-in', join(dir, 'server.csr'), '-CA', join(dir, 'test-ca.pem'), '-CAkey', join(dir, 'test-ca.key'), '-CAcreateserial', '-days', '2', '-extfile', join(dir, 'server.ext'), '-out', join(dir, 'server.pem')]);
}

const listening = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

export async function startPrivateSlapd(): Promise<PrivateSlapd> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-slapd-'));
  mkdirSync(join(dir, 'db'));
  makeCertificates(dir);
  const base = 'dc=contoso,dc=test';
  const rootDn = `cn=root,${base}`;
  const rootPassword = 'root test secret';
  writeFileSync(
    join(dir, 'slapd.conf'),
    [
      `include ${SCHEMA}/core.schema`,
      `include ${SCHEMA}/cosine.schema`,
      `include ${SCHEMA}/inetorgperson.schema`,
      `include ${join(FIXTURES, 'ad-lite.schema')}`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'moduleload memberof',
      `pidfile ${join(dir, 'slapd.pid')}`,
      `argsfile ${join(dir, 'slapd.args')}`,
      `TLSCACertificateFile ${join(dir, 'test-ca.pem')}`,
      `TLSCertificateFile ${join(dir, 'server.pem')}`,
      `TLSCertificateKeyFile ${join(dir, 'server.key')}`,
      'database mdb',
      `suffix "${base}"`,
      `rootdn "${rootDn}"`,
      `rootpw "${rootPassword}"`,
      `directory ${join(dir, 'db')}`,
      'maxsize 16777216',
      'overlay memberof',
      'memberof-group-oc group',
      'memberof-member-ad member',
      'memberof-memberof-ad memberOf',
      'memberof-refint TRUE',
      // Like AD: nobody reads anonymously; a bound user (the service account, the user itself) reads.
      'access to attrs=userPassword by self =xw by anonymous auth by * none',
      'access to * by users read by * none',
      '',
    ].join('\n'),
  );
  const ldapPort = await freePort();
  const ldapsPort = await freePort();
  const urls = [`ldap://127.0.0.1:${ldapPort}/`, `ldaps://127.0.0.1:${ldapsPort}/`, `ldaps://127.0.0.2:${ldapsPort}/`];
  let output = '';
  // -d keeps slapd in the foreground, so it is this test's child and dies with it.
  const child: ChildProcess = spawn(SLAPD, ['-d', '0', '-f', join(dir, 'slapd.conf'), '-h', urls.join(' ')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (c) => (output += String(c)));
  child.stderr?.on('data', (c) => (output += String(c)));
  const deadline = Date.now() + 20_000;
  while (!(await listening('127.0.0.1', ldapPort))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`slapd did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const ldapUrl = `ldap://127.0.0.1:${ldapPort}`;
  const modify = (ldif: string) => run('ldapmodify', ['-x', '-H', ldapUrl, '-D', rootDn, '-w', rootPassword], ldif);
  run('ldapadd', ['-x', '-H', ldapUrl, '-D', rootDn, '-w', rootPassword], readFileSync(join(FIXTURES, 'tree.ldif'), 'utf8'));
  return {
    ldapUrl,
    ldapsUrl: `ldaps://127.0.0.1:${ldapsPort}`,
    mismatchedUrl: `ldaps://127.0.0.2:${ldapsPort}`,
    caFile: join(dir, 'test-ca.pem'),
    otherCaFile: join(dir, 'other-ca.pem'),
    base,
    rootDn,
    rootPassword,
    modify,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
