// Whether this process may start other programs (git, npm audit, pip-audit). The language server forbids
// them while its workspace is untrusted, since a repository's own config can make git run programs; the CLI
// never forbids (the user ran it there). The policy sits below every layer that starts a program.

let refusal: string | undefined;

/** Forbids every program this process would start, with the reason people will read; `undefined` allows again. */
export function refusePrograms(reason: string | undefined): void {
  refusal = reason;
}

/** Why programs are forbidden now, or undefined when they may run. */
export function programRefusal(): string | undefined {
  return refusal;
}
