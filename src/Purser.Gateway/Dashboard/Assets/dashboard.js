// Purser dashboard: our only script. Confirms destructive forms, and keeps live pages current: it polls
// /dashboard/live and, when a call was recorded, fetches the page again and swaps its live region.
(() => {
  'use strict';

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  const region = document.getElementById('live');
  const seconds = region ? parseInt(region.dataset.live || '', 10) : NaN;
  if (!region || !(seconds > 0)) {
    return;
  }

  let busy = false;
  const refresh = async () => {
    if (busy || document.hidden) {
      return;
    }
    busy = true;
    try {
      const live = await fetch('/dashboard/live', { cache: 'no-store', headers: { accept: 'application/json' } });
      if (!live.ok) {
        return;
      }
      const version = String((await live.json()).ledger);
      if (version === region.dataset.version) {
        return;
      }
      const page = await fetch(window.location.href, { cache: 'no-store' });
      if (!page.ok) {
        return;
      }
      const fresh = new DOMParser().parseFromString(await page.text(), 'text/html').getElementById('live');
      if (fresh) {
        region.replaceChildren(...Array.from(fresh.childNodes).map((node) => document.importNode(node, true)));
        region.dataset.version = fresh.dataset.version || version;
        region.dispatchEvent(new CustomEvent('purser:refreshed', { bubbles: true }));
      }
    } catch {
      // The gateway restarting or the network dropping: try again at the next tick.
    } finally {
      busy = false;
    }
  };
  window.setInterval(refresh, seconds * 1000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) { refresh(); } });
})();
