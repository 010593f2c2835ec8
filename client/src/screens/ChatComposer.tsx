import { Button, Label, Textarea } from '@digdir/designsystemet-react';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AudienceMark, type Audience } from '../components/Audience';

/** Someone to mention. */
export interface Person {
  id: string;
  displayName: string;
}

/** The `@word` being typed just before the caret, if any. */
function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|\s)@([^\s@]{0,40})$/.exec(text.slice(0, caret));
  return m ? { start: caret - m[2].length - 1, query: m[2] } : null;
}

/** Mentions whose `@Name` is still in the text when it is sent. */
const mentionedIn = (body: string, people: Map<string, Person>) =>
  [...people.values()].filter((p) => body.includes(`@${p.displayName}`)).map((p) => p.id);

/**
 * Message box with @mention autocomplete: typing @ and part of a name lists matching people
 * (arrow keys move, Enter or Tab picks, Escape closes); Enter sends, Shift+Enter is a new line.
 */
export function Composer({
  label,
  candidates,
  initial = '',
  submitLabel,
  onSubmit,
  onTyping,
  onCancel,
  busy,
  audience,
}: {
  label: string;
  candidates: Person[];
  initial?: string;
  submitLabel: string;
  onSubmit(body: string, mentions: string[]): Promise<boolean>;
  onTyping?(): void;
  onCancel?(): void;
  busy: boolean;
  /** Who will read what is sent: marked over the text box, and read out with it. */
  audience?: Audience | null;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(initial);
  const [caret, setCaret] = useState(initial.length);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [picked] = useState(() => new Map<string, Person>());
  const ref = useRef<HTMLTextAreaElement>(null);
  const mention = mentionAt(text, caret);
  const matches = useMemo(() => {
    if (!mention || dismissed === mention.start) return [];
    const q = mention.query.toLowerCase();
    return candidates
      .filter(
        (p) =>
          p.displayName
            .toLowerCase()
            .split(/\s+/)
            .some((w) => w.startsWith(q)) || !q,
      )
      .slice(0, 8);
  }, [mention, dismissed, candidates]);
  const open = matches.length > 0;

  const pick = (p: Person) => {
    if (!mention) return;
    const before = text.slice(0, mention.start);
    const after = text.slice(caret);
    const next = `${before}@${p.displayName} ${after}`;
    picked.set(p.id, p);
    setText(next);
    const pos = before.length + p.displayName.length + 2;
    setCaret(pos);
    requestAnimationFrame(() => ref.current?.setSelectionRange(pos, pos));
  };

  const send = async () => {
    const body = text.trim();
    if (!body || busy) return;
    if (await onSubmit(body, mentionedIn(body, picked))) {
      setText('');
      setCaret(0);
      picked.clear();
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (a + step + matches.length) % matches.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(matches[Math.min(active, matches.length - 1)]);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(mention!.start);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void send();
    } else if (e.key === 'Escape' && onCancel) onCancel();
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <Label htmlFor={id}>{label}</Label>
      {audience && <AudienceMark audience={audience} id={`${id}-audience`} compact />}
      <div className={`composer-input${audience ? ` composer-${audience.toLowerCase()}` : ''}`}>
        <Textarea
          id={id}
          ref={ref}
          rows={2}
          value={text}
          aria-describedby={audience ? `${id}-audience ${id}-hint` : `${id}-hint`}
          aria-controls={open ? `${id}-list` : undefined}
          aria-activedescendant={open ? `${id}-opt-${Math.min(active, matches.length - 1)}` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart);
            setActive(0);
            onTyping?.();
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
        />
        {open && (
          <ul id={`${id}-list`} role="listbox" aria-label={t('chat.mentionSuggestions')} className="mention-list">
            {matches.map((p, i) => (
              <li
                key={p.id}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  // Keep focus in the text box.
                  e.preventDefault();
                  pick(p);
                }}
              >
                {p.displayName}
              </li>
            ))}
          </ul>
        )}
      </div>
      <p id={`${id}-hint`} className="muted small">
        {t('chat.composerHint')}
      </p>
      <div role="status" aria-live="polite" className="visually-hidden">
        {open ? t('chat.suggestionsCount', { count: matches.length }) : ''}
      </div>
      <div className="row">
        <Button type="submit" data-size="sm" loading={busy}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button type="button" data-size="sm" variant="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}
