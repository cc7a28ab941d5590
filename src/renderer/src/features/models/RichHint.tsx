/** A hint sentence where `backticked` parts (commands, env vars) render as code. */
export function RichHint({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="inline-code">
            {part}
          </code>
        ) : (
          <span key={i}>{part}</span>
        ),
      )}
    </>
  );
}

/** The same text without the code marks (for tooltips). */
export function plainHint(text: string): string {
  return text.replace(/`/g, '');
}
