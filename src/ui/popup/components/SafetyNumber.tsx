/**
 * A safety number (60 digits, Signal's NumericFingerprint) as 12 groups of 5 in a monospace grid,
 * easy to read aloud. Screen readers get one label that spells each group digit by digit, since
 * "12345" would otherwise be read as a single large number.
 */
import { t } from '../../i18n';

const GROUP = 5;

/** Splits the digits into groups of 5 (the last group may be shorter if the input is not 60 digits). */
export function safetyGroups(digits: string): string[] {
  const groups: string[] = [];
  for (let i = 0; i < digits.length; i += GROUP) groups.push(digits.slice(i, i + GROUP));
  return groups;
}

export function SafetyNumber({ digits }: { digits: string }) {
  const groups = safetyGroups(digits);
  const spoken = groups.map((g) => g.split('').join(' ')).join(', ');
  return (
    <div class="safety-number" role="img" aria-label={t('contact.safety.label', { groups: spoken })} data-testid="safety-number">
      {groups.map((group, i) => (
        <span key={i} class="safety-group" aria-hidden="true">
          {group}
        </span>
      ))}
    </div>
  );
}
