const RELOADED = 'liteyuki-comm:isolation-reload'

/**
 * For static hosts that cannot send COOP/COEP: a service worker adds them to
 * this page's responses, then the page reloads once under its control.
 *
 * The worker is coi-serviceworker's, registered here rather than by its own
 * loader so that its scope is this page alone: every other page of the site
 * stays unisolated. Resolves to false when isolation cannot be had this way.
 */
export async function isolateWithServiceWorker(workerUrl: string): Promise<boolean> {
  if (globalThis.crossOriginIsolated) return true
  if (!window.isSecureContext || !('serviceWorker' in navigator)) return false
  // Under the worker and still not isolated: it cannot help, and reloading again would loop.
  if (navigator.serviceWorker.controller || sessionStorage.getItem(RELOADED) === location.pathname) return false
  try {
    await navigator.serviceWorker.register(workerUrl, { scope: location.pathname })
    await navigator.serviceWorker.ready
  } catch {
    return false
  }
  sessionStorage.setItem(RELOADED, location.pathname)
  location.reload()
  // The page is going away; nothing after this should run.
  return new Promise<boolean>(() => {})
}
