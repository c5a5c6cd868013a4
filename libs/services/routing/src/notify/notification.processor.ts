import { Controller, Inject, type OnApplicationShutdown } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { AssignmentEvent, Clock, NotificationChannel, SdrNotified, SdrProfile } from '@leadline/domain';
import { domainEventsOf, type ProcessorContext, type RecordedEvent } from '@leadline/event-store';
import { causedBy, OFF_THE_LINE, type EventContext } from '@leadline/platform';
import { findSdrProfile } from '../roster/roster.repository';
import type { RoutingConfig } from '../routing.config';
import { ROUTING_CLOCK, ROUTING_CONFIG } from '../routing.tokens';
import { EmailSender, type Email } from './email.sender';
import { WebhookSender } from './webhook.sender';

const notifier = (type: string) => ({ processor: 'routing-notifier', category: 'assignment', type });

interface Notice {
  readonly leadId: string;
  readonly sdrId: string;
  readonly purpose: SdrNotified['data']['purpose'];
  readonly emailTo: string;
  readonly email: Email;
}

/**
 * Tells people about assignment events, outside the transaction that made them: at least once
 * (a send is recorded as SdrNotified after it succeeds; a crash in between repeats the send).
 */
@Controller()
export class NotificationProcessor implements OnApplicationShutdown {
  private readonly email?: EmailSender;
  private readonly webhook?: WebhookSender;

  constructor(
    @Inject(ROUTING_CONFIG) config: RoutingConfig,
    @Inject(ROUTING_CLOCK) private readonly clock: Clock,
  ) {
    this.email = config.smtp && new EmailSender(config.smtp);
    this.webhook = config.webhook && new WebhookSender(config.webhook);
  }

  onApplicationShutdown(): void {
    this.email?.close();
  }

  // Outside a transaction: a send is not undone by a rollback, so it is recorded once it succeeded.
  @EventPattern(['LeadAssigned', 'LeadReassigned', 'LeadReopenedForOutbound', 'FirstTouchSlaBreached'].map(notifier), {
    ...OFF_THE_LINE,
    delivery: 'at-least-once',
  })
  async notify(@Payload() event: RecordedEvent, @Ctx() ctx: EventContext): Promise<void> {
    // No channel configured (the embedded default): nothing to send, so nothing to read.
    if (!this.email && !this.webhook) return;
    const [domainEvent] = domainEventsOf<AssignmentEvent>([event]);
    const notice = await this.noticeFor(domainEvent, ctx);
    if (!notice) return;
    const streamId = `assignment-${notice.leadId}`;
    const recorded = new Set((await ctx.store.readStream(streamId)).map((e) => e.id));
    const { metadata, eventId } = causedBy(event, { leadId: notice.leadId });
    const send = async (channel: NotificationChannel, recipient: string, deliver: () => Promise<void>) => {
      const id = eventId(`notified/${channel}`);
      if (recorded.has(id)) return;
      await deliver();
      const data: SdrNotified['data'] = {
        leadId: notice.leadId,
        sdrId: notice.sdrId,
        channel,
        purpose: notice.purpose,
        recipient,
        aboutEventId: event.id,
        notifiedAt: this.clock.now().toISOString(),
      };
      await ctx.store.appendToStream(streamId, [{ id, type: 'SdrNotified', data, metadata }]);
    };
    const { email, webhook } = this;
    if (email) await send('email', notice.emailTo, () => email.send(notice.email));
    if (webhook) {
      const payload = {
        eventId: event.id,
        type: event.type,
        purpose: notice.purpose,
        leadId: notice.leadId,
        sdrId: notice.sdrId,
        data: event.data,
      };
      await send('webhook', 'webhook', () => webhook.send(event.id, payload));
    }
  }

  private async noticeFor(event: AssignmentEvent, ctx: ProcessorContext): Promise<Notice | null> {
    if (
      event.type !== 'LeadAssigned' &&
      event.type !== 'LeadReassigned' &&
      event.type !== 'LeadReopenedForOutbound' &&
      event.type !== 'FirstTouchSlaBreached'
    ) {
      return null;
    }
    const { leadId, sdrId } = event.data;
    const sdr: SdrProfile | null = await findSdrProfile(ctx.tx, sdrId);
    if (!sdr) return null;
    if (event.type === 'FirstTouchSlaBreached') {
      return {
        leadId,
        sdrId,
        purpose: 'sla-breach',
        emailTo: sdr.managerEmail,
        email: {
          to: sdr.managerEmail,
          subject: `First-touch SLA breached: lead ${leadId} (${sdr.name})`,
          text: `${sdr.name} (${sdr.email}) did not touch lead ${leadId} by ${event.data.slaDueAt}.`,
        },
      };
    }
    if (event.type === 'LeadReopenedForOutbound') {
      return {
        leadId,
        sdrId,
        purpose: 'assignment',
        emailTo: sdr.email,
        email: {
          to: sdr.email,
          subject: `Recycled lead assigned: ${leadId}`,
          text: `Hi ${sdr.name}, lead ${leadId} is yours to work again: recycled on ${event.data.recycledAt} (${event.data.reason}), its cool-off has ended.`,
        },
      };
    }
    const due = event.data.slaDueAt ? ` First touch due by ${event.data.slaDueAt}.` : '';
    return {
      leadId,
      sdrId,
      purpose: 'assignment',
      emailTo: sdr.email,
      email: { to: sdr.email, subject: `New lead assigned: ${leadId}`, text: `Hi ${sdr.name}, lead ${leadId} is yours.${due}` },
    };
  }
}
