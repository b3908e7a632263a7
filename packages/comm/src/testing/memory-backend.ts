// An in-process ClusterBackend: every node in one process, frames crossing a
// macrotask later, in order. It keeps the interface's promises exactly, so the
// cluster rules run in milliseconds, and it runs the same contract suite as
// the Redis backend.
import type { ClusterBackend, ClusterJournal, ClusterMember, ClusterPeer, ClusterStore } from '../types.js'
import { CommError } from '../errors.js'

interface Member {
  peer: ClusterPeer
  info: unknown
}

interface KeyLock {
  token: string
  node: string
}

interface Waiter {
  node: string
  grant(): void
}

export interface MemoryCluster {
  backend(node: string): ClusterBackend
  /** The node stops answering without a goodbye: the others learn `left(node, 'died')`, one of them takes over its journal, and its locks go after the lease. */
  crash(node: string): Promise<void>
  close(): Promise<void>
}

const later = (task: () => void): void => void setImmediate(task)

export function memoryCluster({ lease = 30 }: { lease?: number } = {}): MemoryCluster {
  const members = new Map<string, Member>()
  /** Each live node's journal: entry id → entry. */
  const journals = new Map<string, Map<string, Uint8Array>>()
  const values = new Map<string, Uint8Array>()
  const locks = new Map<string, KeyLock>()
  const waiters = new Map<string, Waiter[]>()
  let tokens = 0

  const grantNext = (key: string): void => {
    const queue = waiters.get(key) ?? []
    while (!locks.has(key) && queue.length > 0) queue.shift()!.grant()
    if (queue.length === 0) waiters.delete(key)
  }

  /** Runs `task` once no other node holds the key. */
  const whenFree = (node: string, key: string, task: () => void, signal?: AbortSignal): void => {
    const held = locks.get(key)
    if (!held) return task()
    const waiter: Waiter = {
      node,
      grant: () => {
        signal?.removeEventListener('abort', onAbort)
        task()
      },
    }
    const onAbort = (): void => {
      const queue = waiters.get(key) ?? []
      const index = queue.indexOf(waiter)
      if (index >= 0) queue.splice(index, 1)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    let queue = waiters.get(key)
    if (!queue) waiters.set(key, (queue = []))
    queue.push(waiter)
  }

  const release = (key: string, token: string): boolean => {
    if (locks.get(key)?.token !== token) return false
    locks.delete(key)
    later(() => grantNext(key))
    return true
  }

  const depart = (node: string, how: 'left' | 'died'): void => {
    if (!members.delete(node)) return
    for (const [, other] of members) later(() => other.peer.left(node, how))
    // A goodbye takes the node's queue along, as on one machine; a death leaves it to one survivor, after it learnt of the death.
    const entries = [...(journals.get(node)?.values() ?? [])]
    journals.delete(node)
    const heir = members.values().next().value
    if (how === 'died' && heir && entries.length > 0) later(() => heir.peer.inherit?.(node, entries))
    const drop = (): void => {
      for (const [key, held] of locks) if (held.node === node) release(key, held.token)
    }
    if (how === 'left') drop()
    else setTimeout(drop, lease)
  }

  const backend = (node: string): ClusterBackend => {
    const live = (): Member => {
      const member = members.get(node)
      if (!member) throw new CommError('ERR_CLUSTER_UNAVAILABLE', `memoryCluster: node '${node}' is not in the cluster.`)
      return member
    }
    const store: ClusterStore = {
      get: key => new Promise(resolve => whenFree(node, key, () => resolve(values.get(key)))),
      set: (key, value) =>
        new Promise(resolve =>
          whenFree(node, key, () => {
            if (value === undefined) values.delete(key)
            else values.set(key, value)
            resolve()
          }),
        ),
      delete: key => new Promise(resolve => whenFree(node, key, () => resolve(values.delete(key)))),
      entries: async () => {
        for (const key of [...locks.keys()]) await new Promise<void>(resolve => whenFree(node, key, resolve))
        return [...values]
      },
      lock: (key, signal) =>
        new Promise((resolve, reject) => {
          live()
          if (signal?.aborted) return reject(signal.reason)
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
          whenFree(
            node,
            key,
            () => {
              if (signal?.aborted) return grantNext(key)
              const token = `${node}:${++tokens}`
              locks.set(key, { token, node })
              resolve({ token, value: values.get(key) })
            },
            signal,
          )
        }),
      commit: async (key, token, write, value) => {
        if (locks.get(key)?.token !== token) return false
        if (write) {
          if (value === undefined) values.delete(key)
          else values.set(key, value)
        }
        return release(key, token)
      },
    }
    const send = (to: string, frame: Uint8Array): boolean => {
      if (!members.has(node)) return false
      const copy = frame.slice()
      // Bound to the node that is live now: one that joins later under the same name does not get it.
      const target = members.get(to)
      later(() => {
        if (target && members.get(to) === target) target.peer.receive(node, copy)
      })
      return target !== undefined
    }
    // Writes reach the journal at once: what a node kept is there when it dies.
    const journal: ClusterJournal = {
      keep: (id, entry) => void (members.has(node) && journals.get(node)?.set(id, entry.slice())),
      remove: id => void journals.get(node)?.delete(id),
      handOff(to, frame, id) {
        // The frame carries the entry from now on; to a node that is gone, the entry stays.
        if (send(to, frame)) journal.remove(id)
        else journal.keep(id, frame)
      },
      written: () => Promise.resolve(),
    }
    return {
      node,
      store,
      journal,
      async join(peer) {
        if (members.has(node)) throw new CommError('ERR_CLUSTER_NODE_TAKEN', `memoryCluster: a live node is named '${node}'.`)
        for (const [, other] of members) later(() => other.peer.joined(node))
        members.set(node, { peer, info: undefined })
        journals.set(node, new Map())
      },
      async leave() {
        depart(node, 'left')
      },
      send(to, frame) {
        send(to, frame)
      },
      broadcast(frame) {
        if (!members.has(node)) return
        const copy = frame.slice()
        const targets = [...members.values()]
        later(() => {
          for (const target of targets) if ([...members.values()].includes(target)) target.peer.receive(node, copy)
        })
      },
      describe(info) {
        const member = members.get(node)
        if (member) member.info = JSON.parse(JSON.stringify(info)) as unknown
      },
      async members(): Promise<ClusterMember[]> {
        return [...members].map(([name, m]) => ({ node: name, info: m.info }))
      },
    }
  }

  return {
    backend,
    async crash(node) {
      depart(node, 'died')
    },
    async close() {
      for (const node of [...members.keys()]) depart(node, 'left')
    },
  }
}
