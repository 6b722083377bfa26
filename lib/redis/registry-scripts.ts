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
 * Takes a replica's hand-over slot (at most one hand-over per lease TTL per replica). KEYS: the
 * slot; ARGV: TTL ms. Returns 1 when taken, 0 when a hand-over happened less than a TTL ago.
 */
export const TAKE_HANDOVER_SLOT = `
if redis.call('set', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 1 end
return 0`;
