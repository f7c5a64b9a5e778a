export const CLI_NAME = 'security-runbooks';

/** Replaced with package.json's version when the CLI is bundled (scripts/build.mjs). */
declare const __SECURITY_RUNBOOKS_VERSION__: string | undefined;

export function cliVersion(): string {
  return typeof __SECURITY_RUNBOOKS_VERSION__ === 'string' ? __SECURITY_RUNBOOKS_VERSION__ : '0.0.0-development';
}
