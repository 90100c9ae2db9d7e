// Errors written for the user: the CLI prints `message` alone (the stack only with --debug).
export class ShipyardError extends Error {
  override name = 'ShipyardError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Bad settings file, unknown project, bad argument: the user can fix it. */
export class UserError extends ShipyardError {
  override name = 'UserError';
}

/** The command line itself is wrong (a missing text, a bad flag value): exit code 2, as commander's. */
export class UsageError extends UserError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, 2);
  }
}

/** The model endpoint refused or failed in a way retrying will not fix. */
export class ModelError extends ShipyardError {
  override name = 'ModelError';
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? String(error);
  return String(error);
}
