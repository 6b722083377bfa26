/**
 * The Lua scripts of the lease. Each runs atomically in Redis, so that checking who holds the lease
 * and acting on it cannot be split by another replica's command.
 */

/**
 * Takes a free lease. KEYS: lease, token, values, handover; ARGV: holder, TTL ms, replica. When
 * the lease key does not exist and it is not reserved for another replica (a hand-over), sets it
 * (`SET NX PX`) to `<holder>:<token>` with a new token from `INCR`, empties the hash of the former
 * leader's values, drops the reservation, and returns the token; returns 0 when someone holds it,
 * -1 when it is reserved for another replica.
 */
export const ACQUIRE = `
if redis.call('exists', KEYS[1]) == 1 then return 0 end
local reserved = redis.call('get', KEYS[4])
if reserved and reserved ~= ARGV[3] then return -1 end
local token = redis.call('incr', KEYS[2])
redis.call('set', KEYS[1], ARGV[1] .. ':' .. token, 'NX', 'PX', ARGV[2])
redis.call('del', KEYS[3], KEYS[4])
return token`;

/**
 * Renews the lease if it is still this holder's. KEYS: lease, values; ARGV: lease value, TTL ms.
 * Returns 1, or 0 when the key is gone or another's (leadership is lost at once).
 */
export const RENEW = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('pexpire', KEYS[1], ARGV[2])
redis.call('pexpire', KEYS[2], ARGV[2])
return 1`;

/** Deletes the lease if it is still this holder's. KEYS: lease; ARGV: lease value. */
export const RELEASE = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('del', KEYS[1])`;

/**
 * Hands the lease over (balancing): deletes it if it is still this holder's and reserves it for
 * the target replica for a while, so that no one else takes it first. KEYS: lease, handover; ARGV:
 * lease value, target replica, reservation ms. Returns 1, or 0 when the lease was not this
 * holder's any more.
 */
export const HAND_OVER = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('del', KEYS[1])
redis.call('set', KEYS[2], ARGV[2], 'PX', ARGV[3])
return 1`;

/**
 * A leader's message, published only while the lease is still this holder's: a fenced former
 * leader cannot write. KEYS: lease, values; ARGV: lease value, channel, message, value operation
 * (`set`, `del` or empty), stream key. `set` keeps the message as the stream's current value in
 * the hash (which lives as long as the lease), `del` forgets it (the stream ended). Returns 1 when
 * published, 0 when fenced.
 */
export const FENCED_PUBLISH = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[4] == 'set' then
  redis.call('hset', KEYS[2], ARGV[5], ARGV[3])
  local ttl = redis.call('pttl', KEYS[1])
  if ttl > 0 then redis.call('pexpire', KEYS[2], ttl) end
elseif ARGV[4] == 'del' then
  redis.call('hdel', KEYS[2], ARGV[5])
end
redis.call('publish', ARGV[2], ARGV[3])
return 1`;
