export interface SecretStore {
  get(): string | undefined;
  set(secret: string): void;
  clear(): void;
}

const key = 'fedbase.dashboard.adminSecret';

/**
 * Where the admin secret lives: sessionStorage, so a reload keeps it while closing the tab drops
 * it and other tabs never see it (localStorage would keep it on disk for good). A browser that
 * refuses storage (some private modes) still works, asking again on every reload.
 */
export function createSecretStore(
  storage: Storage | undefined = safeSessionStorage(),
): SecretStore {
  let inMemory: string | undefined;
  return {
    get: () => storage?.getItem(key) ?? inMemory,
    set(secret) {
      inMemory = secret;
      try {
        storage?.setItem(key, secret);
      } catch {
        // Quota or a private mode: the in-memory copy serves this page load.
      }
    },
    clear() {
      inMemory = undefined;
      storage?.removeItem(key);
    },
  };
}

function safeSessionStorage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}
