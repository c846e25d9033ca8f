import WebSocket from 'ws';
import type { FuzzTargets } from './fuzz-targets.ts';
import { knownWsCloseCodes } from './known-issues.ts';
import { randomWsFrame } from './random-ws-frame.ts';
import { createRandom } from './random.ts';

export interface WsFuzzResult {
  frames: number;
  sockets: number;
  /** Close codes seen, with counts. */
  closes: Record<string, number>;
  /** Messages from the server carrying an INTERNAL error, and sockets closed with 4500 / 1011. */
  problems: string[];
  /** 4500 closes after the client sent a server's message: a known issue (see known-issues.ts). */
  known: number;
}

const protocols = ['graphql-transport-ws', 'graphql-transport-ws', 'graphql-transport-ws', 'graphql-ws', 'nonsense'];

/**
 * `frames` graphql-ws frames over `lanes` sockets at a time, each socket replaced when the server
 * closes it. A closed socket is an acceptable answer; an INTERNAL error or an internal-error close is not.
 */
export async function runWsFuzz(gatewayUrl: string, seed: number, t: FuzzTargets, { frames, lanes }: { frames: number; lanes: number }): Promise<WsFuzzResult> {
  const result: WsFuzzResult = { frames: 0, sockets: 0, closes: {}, problems: [], known: 0 };
  const url = `${gatewayUrl.replace(/^http/, 'ws')}/graphql`;
  // One generator per lane, so a lane's frames replay from the seed whatever the timing of the others.
  const lane = async (_: unknown, index: number) => {
    const random = createRandom(seed + index + 1);
    while (result.frames < frames) {
      result.sockets++;
      const socket = new WebSocket(url, random.pick(protocols));
      let sentServerMessage = false;
      const closed = new Promise<void>((resolve) => {
        socket.on('close', (code) => {
          result.closes[code] = (result.closes[code] ?? 0) + 1;
          if (sentServerMessage && knownWsCloseCodes.has(code)) result.known++;
          else if (code === 4500 || code === 1011) result.problems.push(`socket closed with ${code}`);
          resolve();
        });
        socket.on('error', () => resolve());
      });
      socket.on('message', (data) => {
        const text = String(data);
        if (text.includes('"INTERNAL"')) result.problems.push(`server sent ${text.slice(0, 300)}`);
      });
      const opened = await Promise.race([new Promise<boolean>((resolve) => socket.once('open', () => resolve(true))), closed.then(() => false)]);
      const used: string[] = [];
      for (let i = random.int(1, 40); opened && i > 0 && socket.readyState === WebSocket.OPEN && result.frames < frames; i--) {
        const frame = randomWsFrame(random, t, used);
        sentServerMessage ||= /"type":"(next|error|connection_ack)"/.test(String(frame));
        socket.send(frame);
        result.frames++;
        await new Promise((resolve) => setTimeout(resolve, random.int(0, 20)));
      }
      // Let answers to the last frames arrive before closing.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 300))]);
      socket.terminate();
      await closed;
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return result;
}
