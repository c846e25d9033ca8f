import type { BusMessage, Subscription } from '../../src/index.ts';

/** Reads `count` messages, failing fast instead of hanging the suite when they never come. */
export async function take(subscription: Subscription, count: number, timeoutMs = 2000): Promise<BusMessage[]> {
  const messages: BusMessage[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Got ${messages.length}/${count} messages in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    while (messages.length < count) {
      const result = await Promise.race([subscription.next(), timeout]);
      if (result.done) throw new Error(`Iterator ended after ${messages.length}/${count} messages`);
      messages.push(result.value);
    }
    return messages;
  } finally {
    clearTimeout(timer);
  }
}
