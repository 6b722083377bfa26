import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** A throwaway self-signed certificate for `host`, made by Debian's openssl (one day, P-256). */
export async function selfSignedCertificate(host: string): Promise<{ readonly key: string; readonly cert: string }> {
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', `/CN=${host}`, '-addext', `subjectAltName=DNS:${host}`, '-keyout', '-', '-out', '-'];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => reject(new Error(`openssl is needed to make a test certificate: ${error.message}`)));
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`openssl exited with ${String(code)}: ${stderr.trim()}`))));
  });
  const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n/.exec(output)?.[0];
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/.exec(output)?.[0];
  if (!key || !cert) throw new Error('openssl wrote no key and certificate');
  return { key, cert };
}

/**
 * The discovery host in front of the simulator: an HTTPS server (self-signed certificate for `host`)
 * that forwards every request to `upstream` with the upstream's Host, so that the autodiscovery
 * root it answers links to the simulator itself, the pool, as lyncdiscoverinternal.<domain> does.
 */
export interface DiscoveryFront {
  /** The 127.0.0.1 port it listens on (Chromium maps `host:443` to it). */
  readonly port: number;
  /** `METHOD path` of every request it forwarded, in order. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/** Starts the HTTPS discovery front for `host` forwarding to the `upstream` origin (http). */
export async function startDiscoveryFront(host: string, upstream: string): Promise<DiscoveryFront> {
  const target = new URL(upstream);
  const requests: string[] = [];
  const server = createHttpsServer(await selfSignedCertificate(host), (incoming, outgoing) => {
    requests.push(`${incoming.method ?? ''} ${incoming.url ?? ''}`);
    const forwarded = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: target.host } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
