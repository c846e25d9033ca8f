import './styles.css';
import { createRefreshLoop } from './create-refresh-loop.ts';
import { createSecretStore } from './create-secret-store.ts';
import { fetchSlis } from './fetch-slis.ts';
import { renderDashboard } from './render-dashboard.ts';

// A dashboard page is left open on a wall screen: often enough to see an incident start, rarely
// enough that /slis (a few ms per snapshot) costs the gateway nothing.
const refreshMs = 10_000;

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no #${id}`);
  return element as T;
}

const form = byId<HTMLFormElement>('secret-form');
const input = byId<HTMLInputElement>('secret');
const formMessage = byId('secret-message');
const forget = byId<HTMLButtonElement>('forget');
const updated = byId('updated');
const banner = byId('refresh-error');
const dashboard = byId('dashboard');
const secrets = createSecretStore();
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
let lastUpdate: Date | undefined;

/** Back to the form; `message` says why (an error unless it is only news, like a forget). */
function askForSecret(message?: string, tone: 'error' | 'info' = 'error'): void {
  loop.stop();
  lastUpdate = undefined;
  dashboard.replaceChildren();
  dashboard.hidden = true;
  banner.hidden = true;
  forget.hidden = true;
  updated.textContent = '';
  formMessage.textContent = message ?? '';
  formMessage.hidden = !message;
  formMessage.dataset.tone = tone;
  form.hidden = false;
  input.focus();
}

function showDashboard(): void {
  form.hidden = true;
  forget.hidden = false;
  dashboard.hidden = false;
  updated.textContent = 'Loading…';
  loop.start();
}

function showFailure(message: string): void {
  const since = lastUpdate
    ? `Showing the figures of ${timeFormat.format(lastUpdate)}`
    : 'No figures yet';
  banner.textContent = `Could not refresh: ${message}. ${since}; retrying every ${refreshMs / 1000} s.`;
  banner.hidden = false;
}

const loop = createRefreshLoop(async (signal) => {
  const secret = secrets.get();
  if (secret === undefined) return askForSecret();
  const result = await fetchSlis(secret, { signal });
  // Forgotten or replaced while the request was out: its answer belongs to no one now.
  if (signal.aborted) return;
  if (result.kind === 'refused') {
    secrets.clear();
    return askForSecret(
      result.status === 401
        ? `The gateway refused this admin secret (${result.message}). Enter it again.`
        : `The gateway serves no SLIs: ${result.message}`,
    );
  }
  if (result.kind === 'failed') return showFailure(result.message);
  try {
    dashboard.replaceChildren(...renderDashboard(result.slis));
  } catch (error) {
    // A /slis of another version than this page: say so rather than show half a dashboard.
    return showFailure(
      `the figures could not be drawn (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  lastUpdate = new Date();
  banner.hidden = true;
  updated.replaceChildren(
    'Updated ',
    Object.assign(document.createElement('time'), {
      dateTime: lastUpdate.toISOString(),
      textContent: timeFormat.format(lastUpdate),
    }),
    ` · every ${refreshMs / 1000} s`,
  );
}, refreshMs);

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (input.value === '') return;
  secrets.set(input.value);
  input.value = '';
  showDashboard();
});

forget.addEventListener('click', () => {
  secrets.clear();
  askForSecret('The admin secret was removed from this tab.', 'info');
});

if (secrets.get() === undefined) askForSecret();
else showDashboard();
