import { ApiError, notAuthenticated } from './errors';
import type { Store, UserRecord } from './store';

/**
 * Waldur's TokenAuthentication: `Authorization: Token <key>`, keyword
 * matched case-insensitively, sliding token lifetime (the token's `created`
 * is refreshed on every authenticated call).
 */
export function authenticate(
  store: Store,
  header: string | undefined,
): UserRecord {
  const parts = (header ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0 || parts[0].toLowerCase() !== 'token') {
    throw notAuthenticated('Authentication credentials were not provided.');
  }
  if (parts.length === 1) {
    throw notAuthenticated('Invalid token. No credentials provided.');
  }
  if (parts.length > 2) {
    throw notAuthenticated(
      'Invalid token. Token string should not contain spaces.',
    );
  }
  const user = [...store.users.values()].find(u => u.token === parts[1]);
  if (!user) throw notAuthenticated('Invalid token.');
  if (!user.isActive) throw notAuthenticated('User inactive or deleted.');
  const now = store.now();
  if (tokenExpired(user, now)) throw notAuthenticated('Token has expired.');
  user.tokenCreated = now;
  return user;
}

function tokenExpired(user: UserRecord, now: Date): boolean {
  return (
    user.tokenLifetime !== null &&
    user.tokenCreated.getTime() + user.tokenLifetime * 1000 < now.getTime()
  );
}

const LOCKOUT_FAILURES = 4;
const LOCKOUT_MINUTES = 10;

/** POST /api-auth/password/: returns the user's token or throws a 401. */
export function login(
  store: Store,
  username: string,
  password: string,
): string {
  const failures = store.loginFailures;
  const now = store.now();
  const record = failures.get(username);
  const lockoutActive =
    record &&
    now.getTime() - record.since.getTime() < LOCKOUT_MINUTES * 60 * 1000;
  if (record && !lockoutActive) failures.delete(username);
  if (lockoutActive && record.count >= LOCKOUT_FAILURES) {
    throw new ApiError(401, {
      detail: `Username is locked out. Try in ${LOCKOUT_MINUTES} minutes.`,
    });
  }
  const user = [...store.users.values()].find(u => u.username === username);
  if (!user || user.password === undefined || user.password !== password) {
    const current = failures.get(username);
    failures.set(username, {
      count: (current?.count ?? 0) + 1,
      since: current?.since ?? now,
    });
    throw new ApiError(401, { detail: 'Invalid username/password.' });
  }
  failures.delete(username);
  if (!user.isActive) {
    throw new ApiError(401, { detail: 'User account is disabled.' });
  }
  // RefreshTokenMixin: an expired token is replaced, a live one reused.
  if (tokenExpired(user, now)) user.token = store.token();
  user.tokenCreated = now;
  return user.token;
}
