import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';

/** Configuration is read once from the environment; a bad value stops the start naming the variable. */
describe('loadConfig', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('has working defaults for the embedded development setup', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: 'development',
      port: 4000,
      databaseUrl: undefined,
      introspection: true,
      cookieSecure: false,
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ SEED_DEMO: 'maybe' }, 'SEED_DEMO'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
  ])('names the variable of a bad value: %o', (env, variable) => {
    expect(problems(env)).toContain(`${variable}:`);
  });

  it('requires a session secret in production, and hardens the defaults there', () => {
    expect(problems({ NODE_ENV: 'production' })).toContain('SESSION_SECRET: is required');
    const c = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(32),
      DATABASE_URL: 'postgres://db/samverka',
    });
    expect(c).toMatchObject({ introspection: false, cookieSecure: true, databaseUrl: 'postgres://db/samverka' });
  });
});
