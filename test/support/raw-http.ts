import { connect } from 'node:net';

export interface RawAnswer {
  /** undefined: no answer arrived before the guard ran out. */
  status?: number;
  headers: Record<string, string>;
  body: string;
  /** The server closed the connection. */
  closed: boolean;
}

/**
 * Writes `request` verbatim to a fresh TCP connection (so a test can send what no HTTP client
 * would: a body shorter than its Content-Length, oversized or unfinished headers) and returns
 * the answer once the server closes the connection. `guardMs` only turns a server that never
 * answers into a failing test instead of a hung one; it is not a timing assertion.
 */
export function rawExchange(port: number, request: string | Buffer, guardMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      socket.destroy();
      resolve({ ...parse(Buffer.concat(chunks).toString('latin1')), closed });
    };
    const guard = setTimeout(() => finish(false), guardMs);
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => finish(true)); // a reset after the answer still counts as closed
    socket.on('close', () => finish(true));
    socket.write(request);
  });
}

function parse(text: string): Omit<RawAnswer, 'closed'> {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return { headers: {}, body: '' };
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const m = /^HTTP\/1\.1 (\d{3})/.exec(statusLine ?? '');
  const body = Buffer.from(text.slice(end + 4), 'latin1').toString('utf8');
  return { ...(m ? { status: Number(m[1]) } : {}), headers, body };
}
