/** The key every name past the cap counts as. A real name `other` shares it. */
export const OTHER_KEY = 'other';

/** Names of one family (operations, subgraphs, fields) mapped to small, reusable indices. */
export interface KeyTable {
  /** Index of `name`, registering it while there is room, else `other`'s index (`maxKeys`). */
  indexOf(name: string, slot: number): number;
  /** Forgets names not seen at or after `oldestLiveSlot`, so their indices serve new names. */
  releaseOlderThan(oldestLiveSlot: number): void;
  /** The name an index stands for, or undefined when the index is free. */
  nameOf(index: number): string | undefined;
  /** Names held, `other` included: never more than `maxKeys + 1`. */
  readonly size: number;
}

/**
 * A capped name table. Without a cap a client sending random operation names would grow memory
 * without bound; without release a deploy that renames operations would leave the old names
 * holding the table for the life of the process.
 */
export function createKeyTable(maxKeys: number): KeyTable {
  const indices = new Map<string, number>([[OTHER_KEY, maxKeys]]);
  const names: (string | undefined)[] = new Array<string | undefined>(maxKeys + 1).fill(undefined);
  names[maxKeys] = OTHER_KEY;
  const lastSeen = new Float64Array(maxKeys + 1).fill(-Infinity);
  // Popped from the end, so the lowest indices are handed out first.
  const free: number[] = Array.from({ length: maxKeys }, (_, i) => maxKeys - 1 - i);

  return {
    indexOf(name, slot) {
      let index = indices.get(name);
      if (index === undefined) {
        index = free.pop();
        if (index === undefined) return maxKeys;
        indices.set(name, index);
        names[index] = name;
      }
      lastSeen[index] = slot;
      return index;
    },
    releaseOlderThan(oldestLiveSlot) {
      for (let index = 0; index < maxKeys; index += 1) {
        const name = names[index];
        if (name === undefined || (lastSeen[index] ?? 0) >= oldestLiveSlot) continue;
        indices.delete(name);
        names[index] = undefined;
        free.push(index);
      }
    },
    nameOf(index) {
      return names[index];
    },
    get size() {
      return indices.size;
    },
  };
}
