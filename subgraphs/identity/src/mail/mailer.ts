export interface OutgoingMail {
  /** Which project the mail is sent for; the dev mailbox files it under this project. */
  projectId: string;
  to: string;
  subject: string;
  /** Plain text only: verification and reset links need no HTML, and text cannot carry markup injection. */
  text: string;
}

/** Where the service sends mail: a real SMTP server, or the embedded mode's dev mailbox. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}
