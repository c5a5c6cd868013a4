import { createTransport, type Transporter } from 'nodemailer';
import type { SmtpConfig } from '../routing.config';

export interface Email {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** SMTP through nodemailer; a refused or failed send throws, so the notifier retries it. */
export class EmailSender {
  private readonly transport: Transporter;

  constructor(private readonly config: SmtpConfig) {
    this.transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
    });
  }

  async send(email: Email): Promise<void> {
    await this.transport.sendMail({ from: this.config.from, to: email.to, subject: email.subject, text: email.text });
  }

  close(): void {
    this.transport.close();
  }
}
