import type { ReactNode } from 'react';
import { RowActions, type RowAction } from './RowActions.tsx';
import { Empty } from './States.tsx';

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** The cell that names the row (`th scope="row"`). */
  rowHeader?: boolean;
  className?: string;
  /** When the table is sorted by this column (the header then holds the sort button). */
  sort?: 'ascending' | 'descending' | 'none';
}

interface DataTableProps<T> {
  caption: ReactNode;
  /** Captions are for screen readers unless the table needs a visible title. */
  captionVisible?: boolean;
  rows: readonly T[];
  rowKey: (row: T) => string;
  columns: readonly Column<T>[];
  /** The buttons of each row; omitted, there is no Actions column (the page leaves it out for read-only roles). */
  actions?: (row: T) => readonly RowAction[];
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  compact?: boolean;
  className?: string;
  rowTestId?: (row: T) => string;
  rowClassName?: (row: T) => string | undefined;
}

/** A list table: caption, column headers, the row header cell, and the row actions, the same way everywhere. */
export function DataTable<T>({ caption, captionVisible, rows, rowKey, columns, actions, empty, compact, className, rowTestId, rowClassName }: DataTableProps<T>) {
  if (rows.length === 0 && empty !== undefined) return <Empty>{empty}</Empty>;
  const classes = ['data', compact ? 'compact' : null, className ?? null].filter(Boolean).join(' ');
  return (
    <div className="table-wrap">
      <table className={classes}>
        <caption className={captionVisible ? undefined : 'visually-hidden'}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.className} aria-sort={c.sort}>
                {c.header}
              </th>
            ))}
            {actions ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} data-testid={rowTestId?.(row)} className={rowClassName?.(row)}>
              {columns.map((c, i) =>
                c.rowHeader ? (
                  <th key={i} scope="row" className={c.className}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={i} className={c.className}>
                    {c.cell(row)}
                  </td>
                ),
              )}
              {actions ? (
                <td>
                  <RowActions actions={actions(row)} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A cell's list of values, one a line; `empty` when there are none. */
export function PlainList({ items, code, empty = 'None' }: { items: readonly string[]; code?: boolean | ((item: string) => boolean); empty?: ReactNode }) {
  if (items.length === 0) return <span className="muted">{empty}</span>;
  const asCode = typeof code === 'function' ? code : () => code === true;
  return (
    <ul className="plain">
      {items.map((item) => (
        <li key={item}>{asCode(item) ? <code>{item}</code> : item}</li>
      ))}
    </ul>
  );
}
