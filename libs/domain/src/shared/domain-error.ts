/**
 * A business rule a command broke. `code` names the rule; each context narrows it to its own
 * union, and the service maps every code to a transport error (an HTTP status) at its edge.
 * The message may reach a client: it names ids and rules, never personal data.
 */
export abstract class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
  }
}
