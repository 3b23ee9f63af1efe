import { ANONYMOUS_USERS_RIGHTS, EXTERNALLY_SECURED_RIGHTS, messageGains } from '@cc/connector-engine';

const OPTION2_RIGHTS = [...ANONYMOUS_USERS_RIGHTS, 'ms-Exch-SMTP-Accept-Any-Recipient' as const];

/**
 * What Option 1 grants beyond Option 2, as consequences for every message from the listed hosts (the engine's
 * message treatment, the same that the troubleshooter's "What happens to the message" shows).
 */
export function RelayOptionGains() {
  const gains = messageGains(EXTERNALLY_SECURED_RIGHTS, OPTION2_RIGHTS);
  return (
    <div data-testid="option1-gains">
      <p>Beyond what Option 2 allows, every message from these hosts is treated differently:</p>
      <ul>
        {gains.map((g) => (
          <li key={g}>{g}</li>
        ))}
      </ul>
    </div>
  );
}
