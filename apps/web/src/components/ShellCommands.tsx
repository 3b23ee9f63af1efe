import { useId } from 'react';
import { CopyButton } from './CopyButton.tsx';

/** Exchange Management Shell commands, one per line, with a Copy button. */
export function ShellCommands({ commands, title = 'Exchange Management Shell commands' }: { commands: string[]; title?: string }) {
  const id = useId();
  const text = commands.join('\n');
  return (
    <figure className="shell">
      <figcaption>
        <span id={`${id}-caption`}>{title}</span>
        <CopyButton text={text} label="Copy commands" targetId={`${id}-code`} />
      </figcaption>
      <pre id={`${id}-code`} aria-labelledby={`${id}-caption`} tabIndex={0} data-testid="shell-commands">
        <code>{text || '(no commands)'}</code>
      </pre>
    </figure>
  );
}
