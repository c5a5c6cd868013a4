import { readFileSync } from 'node:fs';
import type { EnvReader } from './env-reader';

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** How the clients authenticate to the brokers and encrypt the connection (README, "Kafka security"). */
export interface KafkaSecurity {
  readonly sasl?: { readonly mechanism: KafkaSaslMechanism; readonly username: string; readonly password: string };
  /** TLS to the brokers; the PEM texts when a CA or a client certificate is given, else the system's CAs. */
  readonly tls?: { readonly ca?: string; readonly cert?: string; readonly key?: string };
}

const SASL_NAMES = ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'];
const TLS_FILES = ['KAFKA_TLS_CA_FILE', 'KAFKA_TLS_CERT_FILE', 'KAFKA_TLS_KEY_FILE'] as const;

/**
 * KAFKA_SASL_* and KAFKA_TLS*, checked together: a mechanism needs a user and a password and they
 * need a mechanism, certificate and key go in pairs, files must be readable PEM, and none of it
 * means anything without KAFKA_BROKERS. Problems go to `reader`.
 */
export function readKafkaSecurity(reader: EnvReader, brokersSet: boolean): KafkaSecurity {
  const tlsOn = reader.oneOf('KAFKA_TLS', ['true', 'false'], 'false') === 'true';
  const set = (name: string) => reader.text(name) !== undefined;
  const given = [...SASL_NAMES, 'KAFKA_TLS', ...TLS_FILES].filter(set);
  if (!brokersSet && given.length > 0) {
    reader.problem(`${given.join(', ')} ${given.length === 1 ? 'needs' : 'need'} KAFKA_BROKERS`);
    return {};
  }
  return { sasl: sasl(reader), tls: tls(reader, tlsOn) };
}

function sasl(reader: EnvReader): KafkaSecurity['sasl'] {
  const mechanism = reader.text('KAFKA_SASL_MECHANISM')?.toLowerCase();
  const username = reader.text('KAFKA_SASL_USERNAME');
  const password = reader.secret('KAFKA_SASL_PASSWORD');
  if (mechanism === undefined) {
    if (username !== undefined || password !== undefined)
      reader.problem('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM (plain, scram-sha-256 or scram-sha-512)');
    return undefined;
  }
  if (!(KAFKA_SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    reader.problem(`KAFKA_SASL_MECHANISM must be one of ${KAFKA_SASL_MECHANISMS.join(', ')} (got ${JSON.stringify(mechanism)})`);
    return undefined;
  }
  if (username === undefined || password === undefined) {
    reader.problem(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE)`);
    return undefined;
  }
  return { mechanism: mechanism as KafkaSaslMechanism, username, password };
}

function tls(reader: EnvReader, on: boolean): KafkaSecurity['tls'] {
  const files = TLS_FILES.filter((name) => reader.text(name) !== undefined);
  if (!on) {
    if (files.length > 0) reader.problem(`${files.join(', ')} ${files.length === 1 ? 'needs' : 'need'} KAFKA_TLS=true`);
    return undefined;
  }
  const cert = pem(reader, 'KAFKA_TLS_CERT_FILE', 'CERTIFICATE');
  const key = pem(reader, 'KAFKA_TLS_KEY_FILE', 'PRIVATE KEY');
  if ((reader.text('KAFKA_TLS_CERT_FILE') === undefined) !== (reader.text('KAFKA_TLS_KEY_FILE') === undefined))
    reader.problem('KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE go together (a client certificate and its key)');
  return { ca: pem(reader, 'KAFKA_TLS_CA_FILE', 'CERTIFICATE'), cert, key };
}

/** The PEM text of the file `name` names; a problem when it cannot be read or holds no `-----BEGIN ...<label>-----`. */
function pem(reader: EnvReader, name: string, label: string): string | undefined {
  const path = reader.text(name);
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    reader.problem(
      `${name} names a file that cannot be read (${JSON.stringify(path)}: ${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
    return undefined;
  }
  if (!new RegExp(`-----BEGIN [A-Z ]*${label}-----`).test(text)) {
    reader.problem(`${name} must name a PEM file with a ${label} block (${JSON.stringify(path)})`);
    return undefined;
  }
  return text;
}
