// The fake `@webcontainer/api` as a browser module: a browser test serves it
// in place of the real one (test/fake-webcontainer-site.ts). Its own URL's
// query configures it: `machines` (the machine server's endpoint), and
// `failBoot` or `bootDelay` as in FakeWebContainerOptions.
import { createFakeWebContainer } from './fake-webcontainer'
import { createHttpMachine } from './http-machine'

const params = new URL(import.meta.url).searchParams
const fake = createFakeWebContainer({
  machine: () => createHttpMachine(params.get('machines')!),
  failBoot: params.get('failBoot') ?? undefined,
  bootDelay: Number(params.get('bootDelay') ?? 0),
})

/** For the test: the fake, and when each `boot()` was called, by the page's clock. */
const control = { fake, bootCalls: [] as number[] }
;(globalThis as { fakeWebContainer?: typeof control }).fakeWebContainer = control

export const WebContainer: typeof fake.WebContainer = {
  boot(options) {
    control.bootCalls.push(performance.now())
    return fake.WebContainer.boot(options)
  },
}
