import { Table } from '@digdir/designsystemet-react';
import { useId, type ReactNode } from 'react';
import { ScrollBox } from './ScrollBox';

/** A column's heading; `num` right-aligns a column of numbers. False leaves the column out. */
export type Column = string | { label: string; num?: boolean } | false | null | undefined;

/**
 * A small data table as the screens show them: its caption (for screen readers only unless
 * `showCaption`), one header row from `columns`, and the rows given as children. A table wider than
 * the screen scrolls in its own box (a phone's page never scrolls sideways).
 */
export function DataTable({
  caption,
  showCaption,
  columns,
  zebra = true,
  children,
}: {
  caption: ReactNode;
  showCaption?: boolean;
  columns: readonly Column[];
  zebra?: boolean;
  children: ReactNode;
}) {
  const captionId = useId();
  return (
    <ScrollBox labelledBy={captionId}>
      <Table data-size="sm" zebra={zebra}>
        <caption id={captionId} className={showCaption ? undefined : 'visually-hidden'}>
          {caption}
        </caption>
        <Table.Head>
          <Table.Row>
            {columns.filter(Boolean).map((c, i) => {
              const column: { label: string; num?: boolean } =
                typeof c === 'string' ? { label: c } : c || { label: '' };
              return (
                <Table.HeaderCell key={i} className={column.num ? 'num' : undefined}>
                  {column.label}
                </Table.HeaderCell>
              );
            })}
          </Table.Row>
        </Table.Head>
        <Table.Body>{children}</Table.Body>
      </Table>
    </ScrollBox>
  );
}
