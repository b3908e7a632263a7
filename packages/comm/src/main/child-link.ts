import type { PeerExit, QueuedMessage } from '../delivery/route.js'
import { SIZE_WORTH_SENDING, serializeError, type ChildFrame, type MainFrame, type RegisteredOptions, type StoreRequest } from '../protocol/frames.js'
import { CommError, MessageTooLargeError } from '../errors.js'
import { messageLimit } from '../api/message-limit.js'
import { reportOnce } from '../runtime/report.js'
import type { Transport } from '../types.js'
import type { Hub, ProcessSink } from './hub.js'

/** What a child may name: channels, keys and topics are strings of sane length. */
const MAX_NAME = 4096
/** Channels a child may use without anyone registering them, so a child cannot grow main's memory without bound. */
const MAX_UNREGISTERED = 1024
const MAX_WINDOW = 65_536
/** Storage and publish requests of one child that main has not answered yet: a bound, so that a child cannot queue without end. */
export const MAX_IN_FLIGHT = 65_536

const isName = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0
const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0

function isOptions(value: unknown): value is RegisteredOptions {
  if (value === undefined) return true
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const { maxQueue, prefetch, ...rest } = value as Record<string, unknown>
  return (
    Object.keys(rest).length === 0 &&
    (maxQueue === undefined || maxQueue === null || isCount(maxQueue)) &&
    (prefetch === undefined || (isCount(prefetch) && prefetch <= MAX_WINDOW))
  )
}

function isStoreRequest(r: unknown): r is StoreRequest {
  if (typeof r !== 'object' || r === null) return false
  const request = r as Record<string, unknown>
  switch (request.op) {
    case 'get':
    case 'delete':
      return isName(request.key)
    case 'lock':
      return isName(request.key) && (request.w === undefined || isId(request.w))
    case 'withdraw':
      return isName(request.key) && isId(request.w)
    case 'set':
      return isName(request.key)
    case 'getAll':
      return true
    case 'commit':
      return isName(request.key) && isId(request.lock)
    case 'publish':
      return isName(request.topic) && 'd' in request
    default:
      return false
  }
}

/** JSON carries Infinity as null: both mean no bound. */
function registeredOptions(o: RegisteredOptions | undefined): RegisteredOptions {
  const options: RegisteredOptions = {}
  if (typeof o?.maxQueue === 'number' && o.maxQueue !== Number.POSITIVE_INFINITY) options.maxQueue = o.maxQueue
  if (o?.prefetch !== undefined) options.prefetch = o.prefetch
  return options
}

/** Why a frame is refused, or undefined when it has the protocol's shape. */
function check(frame: Record<string, unknown>): string | undefined {
  // The frames of every message first: they are nearly all of the traffic.
  switch (frame.t) {
    case 'sends':
      return !isName(frame.c) ? 'channel name' : Array.isArray(frame.d) ? undefined : 'payloads'
    case 'send':
      return !isName(frame.c) ? 'channel name' : !('d' in frame) ? 'payload' : frame.z === undefined || isCount(frame.z) ? undefined : 'size'
    case 'ack':
      return !isName(frame.c) ? 'channel name' : isCount(frame.n) ? undefined : 'count'
    case 'hello':
      return isCount(frame.pid) ? undefined : 'pid'
    case 'hold':
      return isName(frame.c) ? undefined : 'channel name'
    case 'reg':
      return !isName(frame.c) ? 'channel name' : isOptions(frame.o) ? undefined : 'options'
    case 'listen':
      return !isName(frame.c)
        ? 'channel name'
        : Number.isSafeInteger(frame.w) && (frame.w as number) > 0 && (frame.w as number) <= MAX_WINDOW
          ? undefined
          : 'window'
    case 'ret':
    case 'back':
      return !isName(frame.c)
        ? 'channel name'
        : !isCount(frame.n)
          ? 'count'
          : Array.isArray(frame.q) && frame.q.length <= MAX_WINDOW && frame.q.every(isCount)
            ? undefined
            : 'message numbers'
    case 'put':
      return !isId(frame.id) ? 'id' : !isName(frame.c) ? 'channel name' : 'd' in frame ? undefined : 'payload'
    case 'cancel':
      return !isId(frame.id) ? 'id' : isName(frame.c) ? undefined : 'channel name'
    case 'req':
      return !isId(frame.id) ? 'id' : isStoreRequest(frame.r) ? undefined : 'request'
    case 'sub':
    case 'unsub':
      return isName(frame.topic) ? undefined : 'topic'
    case 'restart':
      return undefined
    default:
      return 'kind'
  }
}

const tooManyRequests = (name: string): CommError =>
  new CommError(
    'ERR_TOO_MANY_REQUESTS',
    `Process '${name}' has ${MAX_IN_FLIGHT} storage or publish calls waiting for main; this one was refused. Await some before making more.`,
  )

export interface ChildLinkEvents {
  hello(): void
  restart(): void
}

/**
 * Main's side of the protocol with one child: it builds every frame main
 * sends (the hub's sink for the child) and checks every frame the child sends
 * before it touches any state. The sender of anything is the link it came on,
 * never a field of the frame. A malformed frame is dropped with one short
 * warning per child, kind and second.
 */
export class ChildLink {
  readonly sink: ProcessSink
  readonly #unregistered = new Set<string>()
  /** The last group of messages sent, which grows while the transport still holds it. */
  #group: (MainFrame & { t: 'msgs' }) | undefined
  /** Requests taken and not answered yet; see MAX_IN_FLIGHT. */
  #inFlight = 0

  constructor(
    readonly name: string,
    readonly hub: Hub,
    readonly transport: Transport,
    readonly events: ChildLinkEvents,
  ) {
    const send = (frame: MainFrame, size?: number): void => transport.send(frame, size)
    const exitFrame = (t: 'alone' | 'crashed', c: string, exit: PeerExit): MainFrame => ({ t, c, p: exit.process, code: exit.code, signal: exit.signal })
    this.sink = {
      deliver: (c, m: QueuedMessage) => {
        // A stream's small messages travel in groups; a large or redelivered one alone, with its size or flag.
        if (m.size < SIZE_WORTH_SENDING && m.redelivered !== true) {
          const group = this.#group
          if (group !== undefined && group.c === c && group.s === m.from && transport.extend?.(group, m.size)) {
            group.q.push(m.seq)
            group.d.push(m.wire)
            return
          }
          this.#group = { t: 'msgs', c, s: m.from, q: [m.seq], d: [m.wire] }
          return send(this.#group, m.size)
        }
        const frame: MainFrame & { t: 'msg' } = { t: 'msg', c, d: m.wire, s: m.from, q: m.seq }
        if (m.size >= SIZE_WORTH_SENDING) frame.z = m.size
        if (m.redelivered) frame.r = 1
        send(frame, m.size)
      },
      publish: (topic, d) => send({ t: 'pub', topic, d }),
      registered: (c, o) => send(Object.keys(o).length > 0 ? { t: 'reg', c, o } : { t: 'reg', c }),
      refused: (c, max) => send({ t: 'full', c, max }),
      alone: (c, exit) => send(exitFrame('alone', c, exit)),
      crashed: (c, exit) => send(exitFrame('crashed', c, exit)),
      company: c => send({ t: 'company', c }),
      returned: c => send({ t: 'returned', c }),
      share: c => send({ t: 'share', c }),
    }
    transport.onFrame(frame => this.#receive(frame))
  }

  stop(): void {
    this.transport.send({ t: 'stop' })
  }

  #receive(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null) return this.#refuse('unknown', 'not an object')
    const frame = raw as Record<string, unknown>
    const problem = check(frame)
    if (problem !== undefined) return this.#refuse(String(frame.t).slice(0, 32), `bad ${problem}`)
    const valid = frame as unknown as ChildFrame
    if ('c' in valid && !this.#mayUse(valid.c)) return this.#refuse(valid.t, `too many unregistered channels (${MAX_UNREGISTERED})`)
    this.#apply(valid)
  }

  #apply(frame: ChildFrame): void {
    const { hub, name } = this
    switch (frame.t) {
      case 'sends':
        // Their sizes are unknown here and small: the child groups only messages under SIZE_WORTH_SENDING.
        for (const d of frame.d) hub.sendFrom(name, frame.c, d, 0)
        return
      case 'send':
        // A child checks the limit at send(); this one did not (another version, or forged).
        if ((frame.z ?? 0) > messageLimit()) {
          hub.inspectRefusal(name, frame.c, 'too-large', () => `${frame.z} bytes`)
          return this.#refuse('send', `a message of ${frame.z} bytes, over maxMessageBytes (${messageLimit()})`)
        }
        return hub.sendFrom(name, frame.c, frame.d, frame.z ?? 0)
      case 'ack':
        return hub.ack(name, frame.c, frame.n)
      case 'hello':
        return this.events.hello()
      case 'restart':
        return this.events.restart()
      case 'hold':
        return hub.hold(name, frame.c)
      case 'reg':
        return hub.register(name, frame.c, registeredOptions(frame.o))
      case 'listen':
        return hub.listen(name, frame.c, frame.w)
      case 'ret':
        return hub.giveBack(name, frame.c, frame.q, frame.n)
      case 'back':
        return hub.returnUnused(name, frame.c, frame.q, frame.n)
      case 'put':
        if ((frame.z ?? 0) > messageLimit()) {
          return this.#answer(frame.id, Promise.reject(new MessageTooLargeError(`put() on channel '${frame.c}'`, frame.z!, messageLimit())))
        }
        return this.#answer(frame.id, hub.put(name, frame.c, frame.d, frame.z ?? 0, frame.id))
      case 'cancel':
        return hub.cancel(name, frame.c, frame.id)
      case 'req':
        if (this.#inFlight >= MAX_IN_FLIGHT) return this.#answer(frame.id, Promise.reject(tooManyRequests(name)))
        this.#inFlight++
        return this.#answer(
          frame.id,
          hub.request(name, frame.r).finally(() => this.#inFlight--),
        )
      case 'sub':
        return hub.subscribe(name, frame.topic)
      case 'unsub':
        return hub.unsubscribe(name, frame.topic)
    }
  }

  #answer(id: number, result: Promise<unknown>): void {
    result.then(
      v => this.transport.send(v === undefined ? { t: 'res', id } : { t: 'res', id, v }),
      error => this.transport.send({ t: 'err', id, e: serializeError(error) }),
    )
  }

  #mayUse(channel: string): boolean {
    if (this.hub.isRegistered(channel) || this.#unregistered.has(channel)) return true
    if (this.#unregistered.size >= MAX_UNREGISTERED) return false
    this.#unregistered.add(channel)
    return true
  }

  #refuse(kind: string, why: string): void {
    reportOnce(`process '${this.name}' sent a malformed '${kind}' frame`, `${why}; the frame was dropped`)
  }
}
