// The environment agent commands get: the user's, minus anything that looks like a secret or lets a
// command borrow the user's credentials (as Codex's `shell_environment_policy` does by default).
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH|COOKIE|SESSION/i;
// Credential helpers and agents: a command that reaches them acts as the user.
const HELPERS = new Set([
  'SSH_AUTH_SOCK',
  'SSH_AGENT_PID',
  'GIT_ASKPASS',
  'SSH_ASKPASS',
  'SUDO_ASKPASS',
  'GPG_AGENT_INFO',
  'DBUS_SESSION_BUS_ADDRESS',
  'KRB5CCNAME',
  'DOCKER_HOST',
]);

export function scrubEnv(env: NodeJS.ProcessEnv, allow: readonly string[] = []): NodeJS.ProcessEnv {
  const allowed = allow.map(wildcard);
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const secret = SECRET_NAME.test(name) || HELPERS.has(name) || name.startsWith('SHIPYARD_');
    if (secret && !allowed.some((pattern) => pattern.test(name))) continue;
    out[name] = value;
  }
  return out;
}

function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`, 'i');
}
