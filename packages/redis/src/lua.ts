import type { Redis } from 'ioredis'

// Every change that must not be seen half done is one Lua script: Redis runs
// a script alone, so a check and the write that depends on it are atomic
// across nodes. Scripts are loaded with defineCommand, which sends EVALSHA
// and falls back to EVAL once after a Redis restart emptied its script cache.

/** What a node holding its name looks like: its incarnation, or false. */
const holder = `local holder = redis.call('GET', KEYS[1])`

/** Drops a node's member entry only if it is this incarnation's (a newer one may have joined). */
const forget = `
local entry = redis.call('HGET', KEYS[2], ARGV[1])
if entry and cjson.decode(entry).i == ARGV[2] then redis.call('HDEL', KEYS[2], ARGV[1]) end`

/** A key locked by another node: waits report how long the lease still runs. */
const lockedByOther = (lockKey: string, prefix: string) => `
local owner = redis.call('GET', ${lockKey})
if owner and string.sub(owner, 1, #${prefix}) ~= ${prefix} then return {0, redis.call('PTTL', ${lockKey})} end`

const source = {
  // KEYS node, members, bus, inbox, epoch; ARGV node, incarnation, member
  // entry, lease, new epoch. Joining announces on the bus in the same step as
  // it reads the members, so that the bus after the announcement holds every
  // later change. The epoch names the data Redis holds: a new one means it lost it.
  join: `${holder}
if holder and holder ~= ARGV[2] then return {0} end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[4])
redis.call('DEL', KEYS[4])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('SET', KEYS[5], ARGV[5], 'NX')
local members = redis.call('HGETALL', KEYS[2])
local id = redis.call('XADD', KEYS[3], '*', 't', 'j', 'n', ARGV[1], 'i', ARGV[2])
return {1, id, members, redis.call('GET', KEYS[5])}`,

  // KEYS node, members, epoch, then the node keys of the nodes watched; ARGV
  // node, incarnation, member entry, lease, new epoch. Re-announces after a
  // Redis restart lost the keys; returns the server time, who holds each
  // watched name, and the epoch (a new one if Redis lost the old).
  heartbeat: `${holder}
if holder and holder ~= ARGV[2] then return {0} end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[4])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('SET', KEYS[3], ARGV[5], 'NX')
local time = redis.call('TIME')
local watched = {}
if #KEYS > 3 then watched = redis.call('MGET', unpack(KEYS, 4)) end
return {1, time[1], time[2], watched, redis.call('GET', KEYS[3])}`,

  // KEYS node, members, inbox, death claim, bus; ARGV node, incarnation, claim ttl.
  // The claim makes one survivor announce the death, however many saw it.
  died: `${holder}
if holder == ARGV[2] then return 0 end
if not redis.call('SET', KEYS[4], '1', 'NX', 'PX', ARGV[3]) then return 0 end
${forget}
if not holder then redis.call('DEL', KEYS[3]) end
redis.call('XADD', KEYS[5], '*', 't', 'd', 'n', ARGV[1], 'i', ARGV[2])
return 1`,

  // KEYS node, members, inbox, bus, journal; ARGV node, incarnation.
  leave: `${holder}
if holder == ARGV[2] then redis.call('DEL', KEYS[1]) end
${forget}
if not holder or holder == ARGV[2] then redis.call('DEL', KEYS[3]) end
redis.call('DEL', KEYS[5])
redis.call('XADD', KEYS[4], '*', 't', 'l', 'n', ARGV[1], 'i', ARGV[2])
return 1`,

  // KEYS journal; ARGV how many fields to set, their names and values, then
  // the fields to delete (journal.ts says which are which), in chunks under
  // Lua's limit on unpack()'s results.
  journal: `local sets = 1 + 2 * tonumber(ARGV[1])
for at = 2, sets, 4000 do redis.call('HSET', KEYS[1], unpack(ARGV, at, math.min(at + 3999, sets))) end
for at = sets + 1, #ARGV, 4000 do redis.call('HDEL', KEYS[1], unpack(ARGV, at, math.min(at + 3999, #ARGV))) end
return 1`,

  // KEYS journal of a dead incarnation. Takes it whole, once: of the
  // survivors that each try, one gets the entries and the others nothing.
  adopt: `local entries = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
return entries`,

  // KEYS lock, store; ARGV field, this node's token prefix.
  get: `${lockedByOther('KEYS[1]', 'ARGV[2]')}
return {1, redis.call('HGET', KEYS[2], ARGV[1])}`,

  // KEYS lock, store; ARGV field, token prefix, 's' to set or 'd' to delete, value.
  write: `${lockedByOther('KEYS[1]', 'ARGV[2]')}
if ARGV[3] == 's' then
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
  return {1, 1}
end
return {1, redis.call('HDEL', KEYS[2], ARGV[1])}`,

  // KEYS locks, store; ARGV lock key prefix, token prefix. Forgets keys
  // whose lock expired or was released.
  entries: `for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local owner = redis.call('GET', ARGV[1] .. key)
  if not owner then
    redis.call('SREM', KEYS[1], key)
  elseif string.sub(owner, 1, #ARGV[2]) ~= ARGV[2] then
    return {0, redis.call('PTTL', ARGV[1] .. key), key}
  end
end
return {1, redis.call('HGETALL', KEYS[2])}`,

  // KEYS lock, store, locks; ARGV token, lease, field. The holder's own
  // token counts as free, so that a request resent after a reconnection
  // gets the lock it already took.
  lock: `local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] then return {0, redis.call('PTTL', KEYS[1])} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[3], ARGV[3])
return {1, redis.call('HGET', KEYS[2], ARGV[3])}`,

  // KEYS lock; ARGV token, lease.
  renew: `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`,

  // KEYS lock, store, locks, commits; ARGV token, field, 's' set, 'd' delete
  // or 'n' nothing, value, unlock channel. Nothing is written unless the token
  // still holds the lock: a holder whose lease ran out must not overwrite the
  // next one. A commit resent after a reconnection (its first run's answer
  // was lost) finds its token in commits and answers as the first run did.
  commit: `if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  if redis.call('HGET', KEYS[4], ARGV[2]) == ARGV[1] then return 1 end
  return 0
end
redis.call('HSET', KEYS[4], ARGV[2], ARGV[1])
if ARGV[3] == 's' then redis.call('HSET', KEYS[2], ARGV[2], ARGV[4]) end
if ARGV[3] == 'd' then redis.call('HDEL', KEYS[2], ARGV[2]) end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[3], ARGV[2])
redis.call('PUBLISH', ARGV[5], ARGV[2])
return 1`,
}

export type ScriptName = keyof typeof source
type Arg = string | number | Buffer | Uint8Array
type Runner = (keyCount: number, ...args: Arg[]) => Promise<unknown>

/** Defines the scripts on a connection; the result runs one by name, with replies as Buffers where `binary`. */
export function scripts(redis: Redis) {
  for (const [name, lua] of Object.entries(source)) redis.defineCommand(name, { lua })
  const commands = redis as unknown as Record<string, Runner>
  return (name: ScriptName, keys: string[], args: Arg[], binary = false): Promise<unknown> =>
    commands[binary ? `${name}Buffer` : name]!(keys.length, ...keys, ...args)
}

export type RunScript = ReturnType<typeof scripts>
