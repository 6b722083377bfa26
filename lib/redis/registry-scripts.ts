/**
 * The Lua scripts of a service's registry of fleet clients (balancing). Times are Redis's own
 * (`TIME`), so that replicas on machines with different clocks agree on who is alive.
 */

/**
 * One fleet client's heartbeat. KEYS: alive, members; ARGV: holder, entry (JSON), TTL ms. Prunes
 * the entries whose time is up, records this one as alive for TTL from now, keeps the registry's
 * keys at least three TTLs (they vanish with the last replica), and returns every live entry as
 * HGETALL does (holder, entry, holder, entry, ...).
 */
export const HEARTBEAT = `
local time = redis.call('time')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[3])
for _, holder in ipairs(redis.call('zrangebyscore', KEYS[1], '-inf', now)) do
  redis.call('hdel', KEYS[2], holder)
end
redis.call('zremrangebyscore', KEYS[1], '-inf', now)
redis.call('zadd', KEYS[1], now + ttl, ARGV[1])
redis.call('hset', KEYS[2], ARGV[1], ARGV[2])
for _, key in ipairs(KEYS) do
  if redis.call('pttl', key) < 3 * ttl then redis.call('pexpire', key, 3 * ttl) end
end
return redis.call('hgetall', KEYS[2])`;

/** Removes a fleet client that closes. KEYS: alive, members; ARGV: holder. */
export const DEREGISTER = `
redis.call('zrem', KEYS[1], ARGV[1])
return redis.call('hdel', KEYS[2], ARGV[1])`;

/**
 * Claims a hand-over from a replica to a target replica. KEYS: the giver's slot, the target's
 * incoming count; ARGV: TTL ms, the giver's lead count, the target's lead count (both as the
 * giver's view says). Refused (0) when the giver handed a lease over less than a TTL ago (at most
 * one per TTL per replica); refused (-1) when the leases already handed to the target within the
 * last TTL, which its registry entries may not show yet, leave it fewer than two below the giver
 * (several replicas giving to a newcomer at once would overshoot: it would end with more than them
 * and give leases back). Otherwise sets the slot and counts one more incoming lease, both for one
 * TTL, and returns 1.
 */
export const CLAIM_HANDOVER = `
if redis.call('exists', KEYS[1]) == 1 then return 0 end
local incoming = tonumber(redis.call('get', KEYS[2]) or '0')
if tonumber(ARGV[3]) + incoming + 2 > tonumber(ARGV[2]) then return -1 end
redis.call('set', KEYS[1], '1', 'PX', ARGV[1])
redis.call('incr', KEYS[2])
redis.call('pexpire', KEYS[2], ARGV[1])
return 1`;
