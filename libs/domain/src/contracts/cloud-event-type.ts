/**
 * CloudEvents `type` of a published event: `io.leadline.<subject>.<action>.v<version>`, reverse-DNS
 * namespaced and versioned, e.g. `LeadCaptured` v1 → `io.leadline.lead.captured.v1`. The subject
 * is the words before the event's verb (the last word ending in -ed), the action is the verb and
 * what follows it, both kebab-case; a few names without such a verb are spelled out below. Every
 * word keeps its own segment, so the bare name comes back from the type by capitalising each word.
 */
export const CLOUD_EVENT_TYPE_PREFIX = 'io.leadline.';

const SPELLED_OUT: Readonly<Record<string, readonly [subject: string, action: string]>> = {
  LeadSentToRecyclePool: ['lead', 'sent-to-recycle-pool'],
  AppointmentNoShow: ['appointment', 'no-show'],
  AppointmentReminderDue: ['appointment', 'reminder-due'],
  AppointmentHeld: ['appointment', 'held'],
};

function wordsOf(name: string): string[] {
  return name.match(/[A-Z][a-z0-9]*/g) ?? [];
}

export function cloudEventTypeOf(eventType: string, version: number): string {
  const spelled = SPELLED_OUT[eventType];
  if (spelled) return `${CLOUD_EVENT_TYPE_PREFIX}${spelled[0]}.${spelled[1]}.v${version}`;
  const words = wordsOf(eventType).map((word) => word.toLowerCase());
  if (words.length < 2 || words.join('') !== eventType.toLowerCase()) {
    throw new Error(`Event type ${eventType} is not PascalCase of two words or more`);
  }
  let verb = -1;
  for (let i = words.length - 1; i > 0; i--) {
    if (words[i].endsWith('ed')) {
      verb = i;
      break;
    }
  }
  if (verb === -1) verb = words.length - 1;
  const subject = words.slice(0, verb).join('-');
  const action = words.slice(verb).join('-');
  return `${CLOUD_EVENT_TYPE_PREFIX}${subject}.${action}.v${version}`;
}

/**
 * The bare event type and version of a namespaced CloudEvents type; undefined for anything else
 * (a bare `LeadCaptured` from a producer before the namespaced types is not namespaced).
 */
export function parseCloudEventType(ceType: string): { readonly eventType: string; readonly version: number } | undefined {
  if (!ceType.startsWith(CLOUD_EVENT_TYPE_PREFIX)) return undefined;
  const match = /^([a-z0-9-]+)\.([a-z0-9-]+)\.v([1-9][0-9]*)$/.exec(ceType.slice(CLOUD_EVENT_TYPE_PREFIX.length));
  if (!match) return undefined;
  const eventType = `${match[1]}-${match[2]}`
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  return { eventType, version: Number(match[3]) };
}
